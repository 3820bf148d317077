"""What a worker started before its batch loads (:func:`referat.ingest.workers.start_early`):
the stages :func:`referat.ingest.batch.parse_bytes` runs, so that its first document is parsed
at once while the importing process is still opening the archive."""

from __future__ import annotations


def load_stages() -> None:
    """Load the pipeline, the PDF engine, the archive rows and the models (built) now."""
    import referat.ingest.batch
    import referat.pipeline  # noqa: F401
    from referat.models import build_models
    from referat.read.pdf import load_engine

    load_engine()
    build_models()
