use clap::Parser;
use promdigest::cmd;

mod cli;
use cli::{Cli, Command};

/// See Cargo.toml for why the build uses mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                cmd::exit::USAGE
            } else {
                cmd::exit::OK
            });
        }
    };
    let code = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => cmd::build::main(&cmd::build::BuildArgs {
            root,
            output,
            base_url,
            drafts,
            force,
        }),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => cmd::serve::main(&cmd::serve::ServeArgs {
            root,
            port,
            bind,
            open,
            drafts,
        }),
        Command::Check {
            root,
            format,
            drafts,
        } => cmd::check::main(&root, format, drafts),
        Command::New {
            title,
            root,
            date,
            from,
        } => cmd::new::main(&cmd::new::NewArgs {
            root,
            title,
            date,
            from,
        }),
        Command::Extract { root, files } => cmd::extract::main(&root, &files),
    };
    std::process::exit(code);
}
