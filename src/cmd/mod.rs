//! One module per CLI command. Each returns an exit code: 0 ok, 1 content
//! errors, 2 usage or I/O errors (as ripgrep does).

pub mod build;
pub mod check;
pub mod extract;
pub mod new;
pub mod report;
pub mod serve;

/// Exit codes shared by all commands.
pub mod exit {
    pub const OK: i32 = 0;
    pub const CONTENT: i32 = 1;
    pub const USAGE: i32 = 2;
}
