"""The project's exception hierarchy: each message says what was wrong and what to do next."""


class HealthQAError(Exception):
    """Base class for every error a user can cause or fix."""


class InputError(HealthQAError):
    """A question, file or parameter the user gave is not acceptable."""


class IndexUnusableError(HealthQAError):
    """The index folder is missing, corrupt or was built with another model or format."""


class MissingDependencyError(HealthQAError):
    """A required package is not installed."""


class CitationMismatchError(HealthQAError):
    """A citation's offsets do not give back its quotation: a bug, caught before it is shown."""


class IndexWriteError(HealthQAError):
    """A new index could not be written (disk full, permissions): the previous one is intact."""


class BuildBusyError(HealthQAError):
    """Another build of the same index holds the build lock."""
