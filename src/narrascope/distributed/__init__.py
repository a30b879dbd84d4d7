"""Running ``narrascope analyze`` on a Ray cluster (``--engine ray``); see docs/cluster.md.

:mod:`narrascope.distributed.units` cuts the inputs into work units (plain Python);
:mod:`narrascope.distributed.ray_engine` runs them on Ray actors and stores the results as the
local engine does. Ray is an optional dependency (``pip install 'narrascope[ray]'``), imported
only when the engine runs.
"""

from __future__ import annotations

from narrascope.errors import UsageError

__all__ = ["ClusterError"]


class ClusterError(UsageError):
    """Ray is missing, the cluster cannot be reached, or it failed under the run: the message
    says which (and, mid-run, that what was analysed is stored: ``--resume`` continues)."""
