//! `vanban implementers`, `vanban chain`, `vanban graph` — placeholder until the graph helper lands them.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ImplementersArgs {}
#[derive(Debug, clap::Args)]
pub struct ChainArgs {}
#[derive(Debug, clap::Args)]
pub struct GraphArgs {}

pub fn run_implementers(_args: ImplementersArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
pub fn run_chain(_args: ChainArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
pub fn run_graph(_args: GraphArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}
