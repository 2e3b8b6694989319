"""`checkpoint linkage ...`: train the linkage model, link feed records, see the review queue.

    checkpoint linkage train [--sample N] [--auto-link 0.95] [--review 0.6] [--no-activate]
    checkpoint linkage match [--import ID]
    checkpoint linkage review [--limit 20]
    checkpoint linkage models
    checkpoint linkage activate VERSION

Progress goes to stderr; the last line of stdout is one JSON object with the figures.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from checkpoint.accounts.models import User
from checkpoint.domain.errors import DomainError
from checkpoint.linkage.models import LinkageModel, ReviewItem
from checkpoint.linkage.selectors import model_in_use
from checkpoint.linkage.services import (
    link_feed_records,
    linkage_model_activate,
    linkage_model_train,
)
from checkpoint.monitoring.models import FeedImport
from checkpoint.monitoring.selectors import unlinked_records


class Command(BaseCommand):
    """Train, match and review record linkage."""

    help = "Identity resolution: train | match | review | models | activate VERSION."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train a new model version on the force's people.")
        train.add_argument("--sample", type=int, default=None, help="Use N name rows only.")
        train.add_argument("--records", type=int, default=50_000, help="Feed records for EM.")
        train.add_argument("--auto-link", type=float, default=0.95)
        train.add_argument("--review", type=float, default=0.6)
        train.add_argument("--no-activate", action="store_true")
        train.add_argument("--no-em", action="store_true", help="Keep the default m values.")
        match = sub.add_parser("match", help="Link unlinked feed records to people.")
        match.add_argument("--import", dest="import_id", type=int, default=None)
        review = sub.add_parser("review", help="Show the review queue.")
        review.add_argument("--limit", type=int, default=20)
        sub.add_parser("models", help="List model versions.")
        activate = sub.add_parser("activate", help="Put a model version in use.")
        activate.add_argument("version")
        for p in (train, match, activate):
            p.add_argument("--as", dest="actor", default="", help="Username acting (audit).")

    def _actor(self, options: dict[str, Any]) -> User | None:
        username = options.get("actor")
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"There is no account '{username}'.") from None

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen sub-command."""
        console = Console(stderr=True)

        def progress(message: str) -> None:
            console.log(message)

        action = options["action"]
        try:
            result = getattr(self, f"_{action}")(options, progress)
        except DomainError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result, sort_keys=True, default=str))

    def _train(self, options: dict[str, Any], progress: Any) -> dict[str, Any]:
        model = linkage_model_train(
            actor=self._actor(options),
            sample=options["sample"],
            records_sample=options["records"],
            auto_link_threshold=options["auto_link"],
            review_threshold=options["review"],
            activate=not options["no_activate"],
            em=not options["no_em"],
            progress=progress,
        )
        return {"version": model.version, "status": model.status, "metrics": model.metrics}

    def _match(self, options: dict[str, Any], progress: Any) -> dict[str, Any]:
        import_ = None
        if options["import_id"] is not None:
            import_ = FeedImport.objects.filter(pk=options["import_id"]).first()
            if import_ is None:
                raise CommandError(f"There is no feed import {options['import_id']}.")
        report = link_feed_records(
            actor=self._actor(options), records=unlinked_records(import_), progress=progress
        )
        return report.as_dict()

    def _review(self, options: dict[str, Any], progress: Any) -> dict[str, Any]:
        pending = ReviewItem.objects.filter(status=ReviewItem.Status.PENDING).order_by("-score")
        for item in pending[: options["limit"]]:
            self.stdout.write(f"  #{item.pk} {item.record_id} ~ {item.person_id}: {item.score:.3f}")
        counts = {s: ReviewItem.objects.filter(status=s).count() for s in ReviewItem.Status.values}
        return {"model_version": model_in_use().version, **counts}

    def _models(self, options: dict[str, Any], progress: Any) -> dict[str, Any]:
        models = list(LinkageModel.objects.all())
        for m in models:
            self.stdout.write(
                f"  {m.version} {m.status} rows={m.training_rows} "
                f"auto>={m.auto_link_threshold} review>={m.review_threshold}"
            )
        return {"in_use": model_in_use().version, "versions": [m.version for m in models]}

    def _activate(self, options: dict[str, Any], progress: Any) -> dict[str, Any]:
        model = LinkageModel.objects.filter(version=options["version"]).first()
        if model is None:
            raise CommandError(f"There is no linkage model {options['version']}.")
        linkage_model_activate(actor=self._actor(options), model=model)
        return {"in_use": model.version}
