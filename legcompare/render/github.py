"""GitHub Actions workflow annotations: one `::error` or `::warning` command per finding.

A workflow step that runs `legcompare validate --format github` shows each finding on the line
of the file it points at, in the pull request's diff and the run's summary.
"""

from __future__ import annotations

from legcompare.errors import UsageError
from legcompare.model import Severity, ValidationReport
from legcompare.render import Options

# The escapes of the runner's command parser (actions/toolkit, command.ts): the message may hold
# any text; a property value must also not end early at a comma or a colon.
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})
_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def render(result: object, options: Options) -> str:
    if not isinstance(result, ValidationReport):
        raise UsageError("the github format is for findings: validate and verify")
    lines = []
    for file in result.files:
        for finding in file.findings:
            where = {"file": finding.path}
            if finding.line is not None:
                where |= {"line": str(finding.line), "col": str(finding.column or 1)}
            where["title"] = finding.rule
            props = ",".join(f"{key}={value.translate(_PROPERTY)}" for key, value in where.items())
            command = _COMMANDS[finding.severity]
            lines.append(f"::{command} {props}::{finding.message.translate(_DATA)}\n")
    return "".join(lines)
