"""`checkpoint forecast ...`: train, evaluate and govern the advisory risk forecast.

    checkpoint forecast synth --rows 100000 --seed 1 --out synth.csv
    checkpoint forecast fetch-example rossi --out rossi.csv
    checkpoint forecast train --data rossi.csv --mapping rossi --kind logistic
    checkpoint forecast evaluate --data rossi.csv --mapping rossi --json
    checkpoint forecast approve VERSION --note "..." [--as USERNAME]
    checkpoint forecast retire VERSION --note "..."   |   rollback --note "..."
    checkpoint forecast list   |   card VERSION --kind atrs --format html --out atrs.html
    checkpoint forecast reproduce FORECAST_ID

Long work shows progress on stderr; with --json the last line of stdout is one JSON object.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from checkpoint.accounts.models import User
from checkpoint.domain.errors import DomainError
from checkpoint.forecasting.artefacts import ArtefactRefused
from checkpoint.forecasting.banding import CostMatrix
from checkpoint.forecasting.cards import CardFormat, CardKind, render_card
from checkpoint.forecasting.evaluation import evaluate, headline_figures, score
from checkpoint.forecasting.examples import Example, example_write
from checkpoint.forecasting.importer import TrainingSet, read_training_csv
from checkpoint.forecasting.mapping import load_mapping
from checkpoint.forecasting.models import Forecast
from checkpoint.forecasting.report import render_report
from checkpoint.forecasting.selectors import model_get, model_versions
from checkpoint.forecasting.serious import serious_list_from_toml
from checkpoint.forecasting.services import (
    forecast_reproduce,
    model_approve,
    model_load,
    model_retire,
    model_rollback,
    model_train,
)
from checkpoint.forecasting.synth import synth_write
from checkpoint.forecasting.training import TrainingConfig, config_from_dict, config_from_toml
from checkpoint.forecasting.vocabulary import EnsembleAlgorithm, ModelKind

KINDS = [k.value for k in ModelKind]


def _data_arguments(parser: CommandParser) -> None:
    parser.add_argument("--data", required=True, type=Path, help="CSV of custody events.")
    parser.add_argument(
        "--mapping",
        type=Path,
        help="TOML column mapping (or a shipped example name: rossi, recid).",
    )
    parser.add_argument("--serious", type=Path, help="TOML serious-offence list.")
    parser.add_argument("--config", type=Path, help="TOML file with a [model] table.")
    parser.add_argument("--seed", type=int, help="Random seed (default 1).")
    parser.add_argument("--dangerous-cost", type=float, help="Cost of forecasting low for serious.")
    parser.add_argument("--cautious-cost", type=float, help="Cost of forecasting high for none.")
    parser.add_argument("--algorithm", choices=[a.value for a in EnsembleAlgorithm])
    parser.add_argument("--folds", type=int, help="k for k-fold (default 5).")
    parser.add_argument("--test-year", type=int, help="Year held out (default: the last).")
    parser.add_argument("--json", action="store_true", help="End with one line of JSON.")


def _actor_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="USERNAME",
        help="Act as this user (default: the installation operator).",
    )


class Command(BaseCommand):
    """Train, evaluate, approve and document forecast models."""

    help = "Advisory risk forecast: synth, fetch-example, train, evaluate, approve, card, ..."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        synth = sub.add_parser("synth", help="Write synthetic custody events (domain.md 8).")
        synth.add_argument("--rows", type=int, default=100_000)
        synth.add_argument("--seed", type=int, default=1)
        synth.add_argument("--out", type=Path, required=True)
        fetch = sub.add_parser("fetch-example", help="Write Rossi or recid data to CSV.")
        fetch.add_argument("example", choices=[e.value for e in Example])
        fetch.add_argument("--out", type=Path, required=True)
        train = sub.add_parser("train", help="Evaluate, fit and register a draft model.")
        _data_arguments(train)
        train.add_argument("--kind", choices=KINDS, default=ModelKind.ENSEMBLE.value)
        train.add_argument("--name", default="checkpoint-risk")
        train.add_argument("--kfold", action="store_true", help="Also run k-fold (slower).")
        train.add_argument(
            "--sensitive",
            action="append",
            default=[],
            choices=["ethnicity", "area"],
            help="Enable a sensitive field as a feature (administrator, with --reason).",
        )
        train.add_argument("--reason", default="", help="Why a sensitive field is enabled.")
        _actor_argument(train)
        evaluate_ = sub.add_parser("evaluate", help="Measure models on a CSV.")
        _data_arguments(evaluate_)
        evaluate_.add_argument("--kind", choices=[*KINDS, "all"], default="all")
        evaluate_.add_argument(
            "--model", help="Score a registered version on this data instead of refitting."
        )
        evaluate_.add_argument("--report", type=Path, help="Write the HTML report here.")
        for name, text in (("approve", "Make a version live."), ("retire", "Retire a version.")):
            action = sub.add_parser(name, help=text)
            action.add_argument("version")
            action.add_argument("--note", required=True)
            _actor_argument(action)
        rollback = sub.add_parser("rollback", help="Re-approve the previous live version.")
        rollback.add_argument("--note", required=True)
        _actor_argument(rollback)
        sub.add_parser("list", help="List model versions.")
        card = sub.add_parser("card", help="Model card, ATRS record or ALGO-CARE page.")
        card.add_argument("version")
        card.add_argument(
            "--kind", choices=[k.value for k in CardKind], default=CardKind.MODEL_CARD.value
        )
        card.add_argument(
            "--format", choices=[f.value for f in CardFormat], default=CardFormat.MARKDOWN.value
        )
        card.add_argument("--out", type=Path, help="Write to a file instead of stdout.")
        reproduce = sub.add_parser("reproduce", help="Recompute a stored forecast.")
        reproduce.add_argument("forecast_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command."""
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"_{action}")(options)
        except (DomainError, ArtefactRefused) as error:
            raise CommandError(str(error)) from None

    @contextmanager
    def _progress(self, total: int, description: str) -> Iterator[Any]:
        console = Console(stderr=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("[{task.completed}/{task.total}]"),
            TimeElapsedColumn(),
            console=console,
            transient=not console.is_terminal,
        ) as bar:
            task = bar.add_task(description, total=total)

            def step(message: str) -> None:
                bar.update(task, advance=1, description=message)

            yield step
            bar.update(task, completed=total, description="done")

    def _actor(self, options: dict[str, Any]) -> User | None:
        username = options.get("actor")
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no account '{username}'.") from None

    def _config(self, options: dict[str, Any], kind: ModelKind) -> TrainingConfig:
        config = TrainingConfig(kind=kind)
        if options.get("config"):
            config = config_from_toml(options["config"], base=config)
        overrides: dict[str, Any] = {"kind": kind.value}
        for option, key in (
            ("seed", "seed"),
            ("dangerous_cost", "dangerous_cost"),
            ("cautious_cost", "cautious_cost"),
            ("algorithm", "algorithm"),
            ("folds", "folds"),
            ("test_year", "test_year"),
        ):
            if options.get(option) is not None:
                overrides[key] = options[option]
        if options.get("sensitive"):
            overrides["sensitive_features"] = list(options["sensitive"])
        return config_from_dict(overrides, base=config)

    def _read(self, options: dict[str, Any]) -> TrainingSet:
        mapping = load_mapping(options["mapping"]) if options.get("mapping") else None
        serious = serious_list_from_toml(options["serious"]) if options.get("serious") else None
        started = time.perf_counter()
        training = read_training_csv(options["data"], mapping=mapping, serious=serious)
        self.stderr.write(
            f"Read {len(training.frame):,} events from {options['data'].name} "
            f"(mapping '{training.mapping}') in {time.perf_counter() - started:.1f} s."
        )
        return training

    def _synth(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        summary = synth_write(options["out"], options["rows"], seed=options["seed"])
        self.stdout.write(
            f"Wrote {summary.rows:,} synthetic custody events to {options['out']} in "
            f"{time.perf_counter() - started:.1f} s: any reoffence in 2 years "
            f"{summary.any_two_years:.1%}, serious {summary.serious_two_years:.1%}; one-year "
            f"rate by previous sanctions {summary.any_one_year_by_priors}."
        )

    def _fetch_example(self, options: dict[str, Any]) -> None:
        rows = example_write(Example(options["example"]), options["out"])
        self.stdout.write(f"Wrote {rows:,} rows of {options['example']} to {options['out']}.")

    def _train(self, options: dict[str, Any]) -> None:
        actor = self._actor(options)
        training = self._read(options)
        config = self._config(options, ModelKind(options["kind"]))
        steps = 3 if options["kfold"] else 2
        started = time.perf_counter()
        with self._progress(steps, f"Training {config.kind.value}") as step:
            version = model_train(
                actor=actor,
                training=training,
                config=config,
                name=options["name"],
                sensitive_reason=options["reason"],
                kfold=options["kfold"],
                progress=step,
            )
        seconds = time.perf_counter() - started
        headline = version.metrics.get("headline", {})
        self.stdout.write(
            f"Registered {version.version} ({version.kind_enum.label}) as a draft in "
            f"{seconds:.1f} s. AUC {headline.get('auc')}, Brier {headline.get('brier')}, "
            f"ECE {headline.get('ece')} ({headline.get('protocol')}).\n"
            f"Artefact {version.artefact_path} (SHA-256 {version.artefact_sha256[:16]}...)\n"
            f"Report {version.report_path}\n"
            f"It makes no forecasts until an administrator approves it: "
            f"checkpoint forecast approve {version.version} --note '...'"
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "version": version.version,
                        "kind": version.kind,
                        "rows": version.training_rows,
                        "seconds": round(seconds, 2),
                        **headline,
                    },
                    sort_keys=True,
                )
            )

    def _evaluate(self, options: dict[str, Any]) -> None:
        training = self._read(options)
        results: dict[str, dict[str, Any]] = {}
        labels: dict[str, str] = {}
        if options.get("model"):
            version = model_get(options["model"])
            model = model_load(version)
            block = score(
                y=training.y,
                probabilities=model.predict_proba_frame(training.frame),
                frame=training.frame,
                costs=CostMatrix.from_config(version.config["costs"]),
            )
            block["protocol"] = "registered"
            block["description"] = f"registered model {version.version} scored on all rows"
            results[version.version] = {"kind": version.kind, "temporal": None, "kfold": None}
            results[version.version]["registered"] = block
            results[version.version]["headline"] = "registered"
            labels[version.version] = f"{version.version} ({version.kind_enum.label})"
        else:
            kinds = list(ModelKind) if options["kind"] == "all" else [ModelKind(options["kind"])]
            with self._progress(2 * len(kinds), "Evaluating") as step:
                for kind in kinds:
                    results[kind.value] = evaluate(
                        training, self._config(options, kind), progress=step
                    )
                    labels[kind.value] = kind.label
        figures = {name: headline_figures(result) for name, result in results.items()}
        for name, headline in figures.items():
            self._print_headline(labels[name], headline)
        if options.get("report"):
            page = render_report(
                title=f"Evaluation: {training.source}",
                summary=[
                    ("data", f"{training.source} via mapping '{training.mapping}'"),
                    ("events", len(training.frame)),
                    ("training-data SHA-256", training.fingerprint),
                ],
                evaluations={
                    labels[n]: {**r, "temporal": r.get("temporal") or r.get("registered")}
                    for n, r in results.items()
                },
                notes=training.notes,
            )
            options["report"].write_text(page, encoding="utf-8")
            self.stdout.write(f"Report written to {options['report']}.")
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "data": str(options["data"]),
                        "mapping": training.mapping,
                        "rows": len(training.frame),
                        "models": figures,
                    },
                    sort_keys=True,
                )
            )

    def _print_headline(self, label: str, headline: dict[str, Any]) -> None:
        if not headline:
            self.stdout.write(f"{label}: not enough data to evaluate.")
            return

        def show(value: Any) -> str:
            return "-" if value is None else f"{value:.3f}"

        self.stdout.write(
            f"{label} [{headline['protocol']}, {headline['n']:,} events]: "
            f"AUC {show(headline['auc'])}  Brier {show(headline['brier'])}  "
            f"ECE {show(headline['ece'])}  dangerous {show(headline['dangerous_error_rate'])}  "
            f"cautious {show(headline['cautious_error_rate'])}"
        )
        for attribute, levels in headline["group_error_rates"].items():
            rates = ", ".join(
                f"{level} FPR {show(r['fpr'])} FNR {show(r['fnr'])} (n={r['n']:,})"
                for level, r in levels.items()
            )
            eod = headline["equalised_odds_difference"].get(attribute)
            self.stdout.write(f"  {attribute}: {rates}; equalised odds difference {show(eod)}")

    def _approve(self, options: dict[str, Any]) -> None:
        version = model_approve(
            actor=self._actor(options), version=model_get(options["version"]), note=options["note"]
        )
        self.stdout.write(f"{version.version} is now the live model.")

    def _retire(self, options: dict[str, Any]) -> None:
        version = model_retire(
            actor=self._actor(options), version=model_get(options["version"]), note=options["note"]
        )
        self.stdout.write(f"{version.version} is retired.")

    def _rollback(self, options: dict[str, Any]) -> None:
        version = model_rollback(actor=self._actor(options), note=options["note"])
        self.stdout.write(f"Rolled back: {version.version} is the live model again.")

    def _list(self, options: dict[str, Any]) -> None:
        for version in model_versions():
            headline = version.metrics.get("headline", {})
            self.stdout.write(
                f"{version.version:<34} {version.status:<9} {version.kind:<9} "
                f"AUC {headline.get('auc', '-')!s:<7} rows {version.training_rows:<8,} "
                f"{version.training_source}"
            )

    def _card(self, options: dict[str, Any]) -> None:
        text = render_card(
            model_get(options["version"]),
            CardKind(options["kind"]),
            CardFormat(options["format"]),
        )
        if options.get("out"):
            options["out"].write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['kind']} to {options['out']}.")
        else:
            self.stdout.write(text)

    def _reproduce(self, options: dict[str, Any]) -> None:
        try:
            forecast = Forecast.objects.select_related("model_version").get(
                pk=options["forecast_id"]
            )
        except Forecast.DoesNotExist:
            raise CommandError(f"There is no forecast {options['forecast_id']}.") from None
        if forecast_reproduce(forecast):
            self.stdout.write(
                f"Forecast {forecast.pk} reproduced exactly with {forecast.model_version}."
            )
        else:
            raise CommandError(f"Forecast {forecast.pk} could NOT be reproduced.")
