"""Every error narrascope raises on purpose, under one base, each with its exit status.

A command that meets a :class:`NarrascopeError` prints its message (never a traceback) and
exits with the error's :attr:`~NarrascopeError.exit_code`; the mapping lives here and is applied
once, in :func:`narrascope.cli.main`. Errors about one input item (:class:`InputError`,
:class:`StageError`) are normally turned into recorded failures by the batch runner and reach
no one as exceptions; the rest stop the command.

====  =====================================================================
0     everything given was analysed (or already stored, with ``--resume``)
1     some items failed; they are recorded in the store and listed on stderr
2     usage error: a bad option, setting, model, gazetteer or data file
3     nothing could be analysed: every input failed, or none was found
4     the store (or the ``--out`` file) could not be opened or written
130   interrupted (Ctrl-C or SIGTERM); what was analysed so far is stored
====  =====================================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_STORE = 4
EXIT_INTERRUPTED = 130


class NarrascopeError(Exception):
    """Base of every error narrascope raises on purpose; the message says what and why."""

    exit_code: int = EXIT_USAGE


class UsageError(NarrascopeError, ValueError):
    """A command was given something it cannot use (an option value, a missing argument)."""


class InputError(NarrascopeError, ValueError):
    """Bad input: the message says what is wrong; the reader adds where."""

    exit_code = EXIT_NOTHING


class PipelineError(NarrascopeError, ValueError):
    """The pipeline cannot be built (unknown stage, stage out of order, bad settings) or a
    document cannot go through it."""


class EmptyArticleError(PipelineError):
    """An article has no body text (left), so there is nothing to analyse."""


class ArticleTooLongError(PipelineError):
    """An article over the pipeline's length limit: refused before any stage runs, so that one
    enormous input cannot hold a worker for minutes and gigabytes."""


class StageError(NarrascopeError, RuntimeError):
    """A stage failed on one document; ``stage`` names it, the message says why."""

    exit_code = EXIT_NOTHING

    def __init__(self, stage: str, error: Exception) -> None:
        reason = str(error) or type(error).__name__
        if not isinstance(error, PipelineError):
            reason = f"{type(error).__name__}: {reason}"
        super().__init__(f"stage {stage!r} failed: {reason}")
        self.stage = stage
        self.error = error


class ResourceError(NarrascopeError, ValueError):
    """A model, gazetteer, knowledge base, taxonomy or embedder cannot be loaded or does not fit
    the code (wrong format, wrong embedder, missing file)."""


class EmbedderError(ResourceError):
    """An embedding model cannot be loaded or does not match what a trained model expects."""


class ModelError(ResourceError):
    """A narrative model cannot be loaded or used."""


class DataFileError(NarrascopeError, ValueError):
    """A labelled-data file given to train, predict or score is malformed (file:line says
    where)."""


class StoreError(NarrascopeError, RuntimeError):
    """The store cannot be opened or used; the message says which database and why."""

    exit_code = EXIT_STORE


class OutputError(NarrascopeError, ValueError):
    """An output target that narrascope refuses to write; the message names it and says why."""


class OutputWriteError(OutputError):
    """The output could not be written (disk full, no permission…); nothing was replaced."""

    exit_code = EXIT_STORE
