"""The ``qorgau synth`` command: write synthetic reports with hidden truth as JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def synth(
        n: int = typer.Option(1000, "--n", min=0, help="How many reports to write."),
        seed: int = typer.Option(1, "--seed", help="Random seed; the same seed gives the same file."),
        out: Path = typer.Option(..., "--out", help="Output file (JSON Lines)."),
    ) -> None:
        """Write synthetic complaints and police reports (kk, ru, en) with their hidden truth.

        Stalking, coercion to marriage and internet fraud by scheme; offenders who call from many
        changing numbers, repeat victims, fraud rings sharing mule cards and IBANs, typos and
        mixed scripts. Each record's ``truth`` (offender, network, identifiers) is ignored by
        intake and read by link evaluation.
        """
        from rich.progress import track

        from qorgau.synth import generate

        try:
            fh = out.open("w", encoding="utf-8")
        except OSError as exc:
            typer.echo(f"qorgau: --out {out}: cannot write: {exc.strerror}", err=True)
            raise typer.Exit(1) from exc
        with fh:
            for record in track(generate(n, seed), total=n, description="synth", transient=True):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        typer.echo(f"wrote {n} reports to {out}")
