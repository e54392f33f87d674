//! `vanban tasks` — placeholder until its owner lands it.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`vanban tasks` is not implemented yet")
}
