"""`mockinterview index build|info`: the search index's cache."""
from __future__ import annotations

import json

import click

from .search import services_for


@click.group()
def index() -> None:
    """Build and inspect the search index (question, answer and key-point vectors)."""


@index.command()
@click.option("--rebuild", is_flag=True, help="Ignore the cache and encode everything again.")
@click.pass_context
def build(ctx: click.Context, rebuild: bool) -> None:
    """Build the index, or load it when the cache already matches the corpus and model."""
    from mockinterview.index.hybrid import CorpusIndex
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        built = CorpusIndex.open(
            services.corpus, services.embedder, services.settings.cache_dir, progress=True, rebuild=rebuild
        )
    info = built.info
    how = "Loaded from the cache" if info["loaded_from_cache"] else "Built"
    click.echo(
        f"{how} in {info['seconds']:.1f} s: {info['records']} records, {info['key_points']} key points, "
        f"{info['dim']}-d vectors ({info['model_id']})."
    )
    click.echo(f"Cache: {info['path']}")


@index.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_context
def info(ctx: click.Context, as_json: bool) -> None:
    """Where the index lives and whether it is built for the current corpus and model (loads nothing)."""
    from mockinterview.index.cache import cache_path, load_vectors, read_manifest
    from mockinterview.index.encoding import key_point_map
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        corpus = services.corpus
        model_id = services.embedder.model_id
    path = cache_path(services.settings.cache_dir, corpus.content_hash, model_id)
    manifest = read_manifest(path)
    usable = manifest is not None and load_vectors(
        path, corpus_hash=corpus.content_hash, model_id=model_id,
        expected_map=key_point_map(corpus.records), n_records=len(corpus),
    ) is not None
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file()) if path.is_dir() else 0
    figures = {
        "model_id": model_id,
        "corpus_hash": corpus.content_hash,
        "corpus_records": len(corpus),
        "path": str(path),
        "built": usable,
        "key_points": manifest.get("key_points") if manifest else None,
        "dim": manifest.get("dim") if manifest else None,
        "created": manifest.get("created") if manifest else None,
        "bytes": size,
    }
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"model:   {model_id}")
    click.echo(f"corpus:  {len(corpus)} records (content hash {corpus.content_hash})")
    click.echo(f"cache:   {path}")
    if manifest is None:
        click.echo("status:  not built for this corpus and model; run `mockinterview index build`.")
        return
    if not usable:
        click.echo("status:  the cache is damaged or stale; `mockinterview index build` rebuilds it.")
        return
    click.echo(f"status:  built {figures['created']}: {figures['key_points']} key points, {figures['dim']}-d vectors, "
               f"{size / 1e6:.1f} MB")
