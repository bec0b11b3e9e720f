"""Bad input gets a clear report and nothing half-written."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article, PreviousSlug
from comments.models import Comment
from tests.wordpress.conftest import counts, run
from tests.wordpress.exports import comment, export, post, shared_export


def assert_nothing_written():
    assert all(value == 0 for value in counts().values()), counts()


@pytest.mark.django_db
def test_malformed_export_is_refused_with_line_and_reason():
    with pytest.raises(CommandError) as error:
        run(shared_export("malformed.xml"))
    message = str(error.value)
    assert "nothing was imported" in message
    assert "line 90" in message
    assert_nothing_written()


@pytest.mark.django_db
def test_truncated_export_is_refused(tmp_path):
    data = (shared_export("themeunittestdata.wordpress.xml")).read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match=r"line \d+: not well-formed XML"):
        run(cut)
    assert_nothing_written()


@pytest.mark.django_db
def test_not_an_export_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>'
    )
    with pytest.raises(CommandError, match="no <wp:wxr_version>"):
        run(path)
    path.write_text('<?xml version="1.0"?><html><body/></html>')
    with pytest.raises(CommandError, match="line 1: the document is <html>"):
        run(path)
    assert_nothing_written()


XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>&xxe;</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status></item></channel></rss>
"""
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{(f"&lol{n - 1};" if n > 1 else "&lol;") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
    "<wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title>"
    "<wp:post_id>1</wp:post_id></item></channel></rss>"
)


@pytest.mark.django_db
@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_are_refused(tmp_path, content):
    path = tmp_path / "evil.xml"
    path.write_text(content)
    # Refused before any entity is expanded or any file read (libxml2 may
    # notice the entity bomb itself while reading ahead).
    with pytest.raises(CommandError, match="DOCTYPE|entity amplification"):
        run(path)
    assert_nothing_written()


@pytest.mark.django_db
def test_script_in_title_and_content_is_removed(tmp_path):
    path = export(
        tmp_path,
        post(
            1,
            title="<script>alert('t')</script>Council <b>votes</b>",
            content='<p onclick="x()">Hi</p><script>alert(1)</script>'
            '<a href="javascript:alert(2)">link</a><iframe src="https://evil"></iframe>',
            excerpt="<script>alert(3)</script>Summary",
        ),
    )
    run(path)
    article = Article.objects.get()
    assert "<" not in article.headline
    assert article.headline == "alert('t')Council votes"
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript:" not in article.body and "iframe" not in article.body
    assert article.body.startswith("<p>Hi</p>")
    assert "<" not in article.standfirst


@pytest.mark.django_db
def test_duplicate_slugs_get_their_own_address(tmp_path):
    path = export(
        tmp_path,
        post(1, title="First", slug="same"),
        post(2, title="Second", slug="same", date="2024-03-02 09:00:00"),
    )
    output = run(path)
    first, second = Article.objects.order_by("pk")
    assert first.slug == "same"
    assert second.slug == "same-2"
    assert "address “same” is now “same-2”" in output
    # The old /%postname%/ link goes to the first post WordPress gave it to.
    assert not PreviousSlug.objects.filter(slug="same").exists()


@pytest.mark.django_db
def test_comments_on_a_trashed_post_are_skipped(tmp_path):
    path = export(
        tmp_path,
        post(1, status="trash", comments=(comment(10), comment(11, parent=10))),
        post(2, slug="kept", comments=(comment(12, approved="trash"),)),
    )
    output = run(path)
    assert Article.objects.get().slug == "kept"
    assert Comment.objects.get().status == Comment.Status.REJECTED
    assert "1 posts in the trash" in output
    assert "2 comments on posts in the trash" in output


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    output = run(shared_export("themeunittestdata.wordpress.xml"), "--dry-run")
    assert "Dry run: nothing was written" in output
    articles_row = next(
        line for line in output.splitlines() if line.startswith("articles")
    )
    assert int(articles_row.split()[1]) > 40
    assert_nothing_written()


@pytest.mark.django_db
def test_one_failing_post_does_not_stop_the_others(tmp_path, monkeypatch):
    from wordpress import importer

    original = importer.Importer._tag_ids

    def failing(self, item):
        if item.wp_id == "2":
            raise ValueError("the database said no")
        return original(self, item)

    # Posts are written in batches: the failing post's batch is rolled back
    # and its posts imported one by one.
    monkeypatch.setattr(importer.Importer, "_tag_ids", failing)
    path = export(
        tmp_path,
        post(1, slug="one", comments=(comment(1),)),
        post(2, slug="two", comments=(comment(2),)),
        post(3, slug="three", tags=("new-tag",)),
    )
    output = run(path)
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["one", "three"]
    assert Comment.objects.count() == 1
    assert "post 2 “A post”: the database said no" in output
    assert "Failed:" in output


@pytest.mark.django_db
def test_a_post_twice_in_the_file_is_one_article(tmp_path):
    path = export(
        tmp_path,
        post(1, title="First version", slug="twice", comments=(comment(5),)),
        post(2, slug="other"),
        post(1, title="Second version", slug="twice", comments=(comment(5),)),
    )
    output = run(path)
    assert Article.objects.count() == 2
    assert Article.objects.get(slug="twice").headline == "Second version"
    assert Comment.objects.count() == 1
    assert "Failed:" not in output
