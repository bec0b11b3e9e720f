"""The README stays short and true: its size, its layout, its links into docs/."""

import re
import subprocess

from tests.newsroom.appservers import BASE_DIR

README = BASE_DIR / "README.md"


def anchors(markdown: str) -> set[str]:
    """Return the anchors GitHub makes for a Markdown file's headings."""
    found, fence = set(), False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and (heading := re.match(r"#{1,6} (.+)", line)):
            words = re.sub(r"[^\w\- ]", "", heading[1].strip().lower())
            found.add(words.replace(" ", "-"))
    return found


def test_the_readme_is_at_most_12_kb():
    assert len(README.read_bytes()) <= 12 * 1024


def test_the_layout_section_matches_the_tree():
    layout = README.read_text().split("## Layout", 1)[1].split("```")[1]
    listed = set(re.findall(r"(?m)^([\w.-]+)/ ", layout))
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    folders = {path.split("/")[0] for path in tracked if "/" in path}
    top_level = {folder for folder in folders if not folder.startswith(".")}

    assert listed - {"var"} == top_level
    files = [line for line in layout.splitlines() if not re.match(r"[\w.-]+/ ", line)]
    for name in " ".join(files).split():
        assert (BASE_DIR / name).exists(), name


def test_links_into_docs_lead_somewhere():
    for page in [README, *sorted((BASE_DIR / "docs").glob("*.md"))]:
        links = re.findall(r"\]\(([^)#:]*\.md)?(?:#([^)]*))?\)", page.read_text())
        for path, anchor in links:
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.name} links to {path}"
            if anchor:
                assert anchor in anchors(linked.read_text()), f"{page.name}: #{anchor}"
