"""One settings object for the CLI, the app and the tests: defaults, then `.env`, then the environment."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "mockinterview"


def _data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MOCKINTERVIEW_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description="The packaged all-MiniLM-L6-v2, or a local folder holding a sentence-transformers model",
    )
    corpus_path: Path | None = Field(default=None, description="A questions.jsonl; default: the built-in corpus")
    cache_dir: Path = Field(default_factory=_cache_dir, description="Where the index cache lives")
    data_dir: Path = Field(default_factory=_data_dir, description="Where the SQLite database lives")
    db_url: str | None = Field(
        default=None, description="Any SQLAlchemy URL; default: SQLite in data_dir (interviews.db)"
    )
    auth: Literal["none", "oidc"] = Field(
        default="none",
        description="oidc: the app requires login (Streamlit's st.login, configured in .streamlit/secrets.toml "
                    "[auth]) and each user sees only their own interviews; none: one local user, no login",
    )
    auth_provider: str | None = Field(
        default=None, description="The provider's name under [auth.NAME] in secrets.toml; unset: the [auth] section itself"
    )
    torch_threads: int = Field(
        default=1, ge=0, le=64,
        description="torch's intra-op threads (0: torch's default). One degrades gracefully on a busy or shared CPU, "
                    "where more threads spin-wait for cores that other processes hold",
    )
    grading_slots: int = Field(
        default=0, ge=0, le=256,
        description="Gradings run at once in one app process, the rest queue (0: one per CPU core)",
    )
    grader: Literal["embedded", "llm"] = Field(
        default="embedded", description="Grading backend; llm needs llm_model and an endpoint"
    )
    scorers: str = Field(
        default="claims,similarity",
        description="Scorers the embedded grader asks in order (claims: the authored rubric with the entailment "
                    "judge; similarity: closeness to the reference, also the fallback for outside references)",
    )
    llm_model: str | None = Field(default=None, description="Model name at the OpenAI-compatible endpoint")
    llm_base_url: str | None = Field(
        default=None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (default: OpenAI)"
    )
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "MOCKINTERVIEW_OPENAI_API_KEY"),
        description="API key for the endpoint; never stored or logged",
    )
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for an LLM reply (read timeout)")
    llm_connect_timeout: float = Field(
        default=5.0, gt=0, description="Seconds to wait for a connection; short, so a host that is down costs little"
    )
    llm_retries: int = Field(
        default=1, ge=0, le=5, description="Retries after a failed LLM request (never after a timeout)"
    )
    llm_cooldown: float = Field(
        default=120.0, ge=0,
        description="Seconds the LLM is left alone after it fails (doubling, up to 16x, while it keeps failing)",
    )

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'interviews.db'}"

    @field_validator("scorers")
    @classmethod
    def _known_scorers(cls, value: str) -> str:
        from .grading.scorers import scorer_order

        return ",".join(scorer_order(value))  # an unknown name fails with the list of valid ones

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_model) and (bool(self.llm_base_url) or self.openai_api_key is not None)
