//! Command-line definitions (clap) only; the commands live in `cmd/`.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "promdigest",
    version,
    about = "Static site generator for a Russian regional-industry news digest"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site from content/ into public/ (atomically).
    Build {
        /// Site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: paths.output from site.toml, i.e. public/).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Base URL, overriding site.toml (may contain a sub-path: https://user.github.io/digest/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Print the cleaned article and its entities as JSON, one object per file.
    Extract {
        /// Site folder whose site.toml [extract] settings apply (optional).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Article files (.txt or .md), anywhere.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}
