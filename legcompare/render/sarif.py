"""SARIF 2.1.0: the findings as one run of the legcompare tool, for code scanning.

The tool's rules are the registry's declared ids of the report's stages (every id a finding of
that command can carry), each with its description and default level; a result names its rule,
level, message and the file, line and column it points at.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from legcompare import __version__
from legcompare.errors import UsageError
from legcompare.model import Finding, Severity, ValidationReport
from legcompare.render import Options

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"  # relative paths are relative to where the tool ran: the checkout's root
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def render(result: object, options: Options) -> str:
    if not isinstance(result, ValidationReport):
        raise UsageError("the sarif format is for findings: validate and verify")
    return json.dumps(sarif_log(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sarif_log(report: ValidationReport) -> dict[str, Any]:
    """The SARIF log of a validation report, as plain data."""
    from legcompare.registry import listed

    rules = listed(*report.stages)
    index = {info.id: i for i, info in enumerate(rules)}
    driver = {
        "name": "legcompare",
        "version": __version__,
        "rules": [
            {
                "id": info.id,
                "shortDescription": {"text": info.description},
                "defaultConfiguration": {"level": _LEVELS[info.severity]},
                "properties": {"stage": info.stage},
            }
            for info in rules
        ],
    }
    results = [_result(x, index) for file in report.files for x in file.findings]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {SRCROOT: {"description": {"text": "the working folder"}}},
                "results": results,
            }
        ],
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.path)}
    if finding.line is not None:
        physical["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.pointer:
        result["properties"] = {"pointer": finding.pointer}
    return result


def artifact_location(path: str) -> dict[str, str]:
    """A file path as a SARIF artifact location: an absolute path as a file URI, a relative one
    as a URI reference against %SRCROOT% (how code scanning finds it in the checkout)."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": SRCROOT}
