"""Building a LangChain chat model from the settings.

Backends: an OpenAI-compatible server (vLLM, llama.cpp, LM Studio), OpenAI, Ollama, or a local
GGUF file through llama.cpp.

The default is no model at all (the offline path). Integrations are imported only here, only
when asked for, and a missing one is an error that says what to install.
"""

from __future__ import annotations

from typing import Any

from assistant.settings import Settings
from tools.errors import AssistantError

PROVIDERS = ("openai-compatible", "openai", "ollama", "llamacpp")


class LLMConfigError(AssistantError):
    """The LLM settings cannot build a chat model."""


def _need(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise LLMConfigError(f"{module} is not installed: pip install '{extra}'") from None


def build_chat_model(settings: Settings) -> Any | None:
    """The chat model the settings describe, or None for the offline default."""
    provider = settings.llm_provider.strip().lower()
    if not provider or provider == "none":
        return None
    if provider not in PROVIDERS:
        raise LLMConfigError(
            f"Unknown LLM provider {settings.llm_provider!r}. Expected one of: {', '.join(PROVIDERS)}."
        )
    common = {"temperature": settings.llm_temperature}
    if provider in ("openai-compatible", "openai"):
        module = _need("langchain_openai", "rare-earth-assistant[llm]")
        if provider == "openai-compatible" and not settings.llm_base_url:
            raise LLMConfigError(
                "An OpenAI-compatible server needs RAREEARTH_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1)."
            )
        if provider == "openai" and not settings.llm_api_key:
            raise LLMConfigError("OpenAI needs an API key: set RAREEARTH_LLM_API_KEY.")
        return module.ChatOpenAI(
            model=settings.llm_model or ("gpt-4o-mini" if provider == "openai" else "local"),
            base_url=settings.llm_base_url or None,
            api_key=settings.llm_api_key or "not-needed",  # local servers ignore it; the client requires one
            timeout=settings.llm_timeout,
            max_retries=0,
            max_tokens=settings.llm_max_tokens,
            **common,
        )
    if provider == "ollama":
        module = _need("langchain_ollama", "rare-earth-assistant[llm]")
        return module.ChatOllama(
            model=settings.llm_model or "llama3.2",
            base_url=settings.llm_base_url or "http://127.0.0.1:11434",
            num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
            **common,
        )
    if not settings.llm_gguf:
        raise LLMConfigError("A local llama.cpp model needs RAREEARTH_LLM_GGUF: the path of a .gguf file.")
    module = _need("langchain_community.chat_models", "rare-earth-assistant[llamacpp]")
    return module.ChatLlamaCpp(
        model_path=str(settings.llm_gguf),
        n_ctx=settings.llm_context,
        max_tokens=settings.llm_max_tokens,
        verbose=False,
        **common,
    )


def describe(settings: Settings) -> str:
    """The mode as shown to users: offline, or the provider and model."""
    provider = settings.llm_provider.strip().lower()
    if not provider or provider == "none":
        return "offline"
    model = settings.llm_model or (settings.llm_gguf.name if settings.llm_gguf else "")
    return f"llm:{provider}" + (f":{model}" if model else "")
