use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = qala::cli::Cli::parse();
    match qala::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("qala: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
