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
        /// Replace the output folder even if it was not made by a build.
        #[arg(long)]
        force: bool,
    },
    /// Preview the site at http://127.0.0.1:1111/ and rebuild on every save.
    Serve {
        /// Site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; only this computer can connect by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        /// Include articles marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Check every article without writing anything; list errors and warnings.
    Check {
        /// Site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: text for people, json for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: promdigest::cmd::check::Format,
        /// Include articles marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new article file in content/ and print its path.
    New {
        /// The article's title.
        title: String,
        /// Site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Publication date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Raw article text to paste in, from FILE or - for standard input (creates a .txt).
        #[arg(long)]
        from: Option<PathBuf>,
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
