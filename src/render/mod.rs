pub mod chart;
pub mod map;
