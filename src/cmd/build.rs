//! `promdigest build`: the whole pipeline, written atomically to `public/`
//! ([`crate::pipeline::build`], which says how a build reuses the last one). This
//! command shows a progress bar on a terminal and prints the outcome.

use super::{exit, report};
use crate::model::Diagnostic;
use crate::pipeline::build::{self as lib, Failed, Progress, Stage};
use crate::render::ru;
use std::time::Instant;

pub use crate::pipeline::build::{BuildArgs, BuildReport, Reuse};

/// Runs the build without a progress bar; the error is an exit code and
/// every diagnostic (see [`lib::run`]).
pub fn run(args: &BuildArgs) -> Result<BuildReport, (i32, Vec<Diagnostic>)> {
    lib::run(args, &lib::Quiet).map_err(coded)
}

/// The exit code a failed build gives, with its diagnostics.
fn coded(f: Failed) -> (i32, Vec<Diagnostic>) {
    match f {
        Failed::Content(d) => (exit::CONTENT, d),
        Failed::Output(d) => (exit::USAGE, d),
    }
}

/// The build's stages on a progress bar.
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn start(&self, stage: Stage) {
        self.0.set_message(match stage {
            Stage::Annotate => "Разбор статей",
            Stage::Render => "Вёрстка страниц",
        });
        self.0.set_position(0);
    }

    fn total(&self, steps: u64) {
        self.0.set_length(steps);
    }

    fn step(&self) {
        self.0.inc(1);
    }
}

/// The CLI entry: runs, prints diagnostics and the summary, returns the exit code.
pub fn main(args: &BuildArgs) -> i32 {
    let start = Instant::now();
    // A bar on a terminal only: piped output (CI, scripts) gets nothing extra.
    let progress = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg:16} [{bar:30}] {pos}/{len}  {elapsed}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = Bar(progress);
    let result = lib::run(args, &progress).map_err(coded);
    progress.0.finish_and_clear();
    match result {
        Ok(r) => {
            let t = crate::timing::span("report");
            report::print_all(&r.diagnostics, &args.root);
            drop(t);
            eprintln!(
                "{}",
                report::summary_line(
                    "Собрано",
                    r.articles,
                    &r.article_forms,
                    r.files,
                    &r.file_forms,
                    &format!(
                        "{} с → {}",
                        ru::seconds(start.elapsed().as_secs_f64()),
                        r.output.display()
                    )
                )
            );
            let stage_warnings = r.diagnostics.iter().filter(|d| !d.is_error()).count();
            eprint!(
                "{}",
                report::warning_summary(stage_warnings + r.site_warnings.len(), &r.site_warnings)
            );
            exit::OK
        }
        Err((code, diags)) => {
            report::print_all(&diags, &args.root);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("Сборка не удалась: ошибок — {n}. Папка вывода не изменена.");
            code
        }
    }
}
