"""What the home page shows: the editors' pins, then the newest stories.

Every story appears once: the lead, the top stories, the latest news, then a
block per top-level section. The whole page costs a fixed handful of queries
whatever the number of sections or stories: ids first, then one load of all the
articles shown with their sections and author names.
"""

from dataclasses import dataclass

from articles.models import Article, Section
from newsroom.models import FrontPage

# When editors pin fewer top stories than this, the newest stories fill in.
TOP_STORIES_MIN = 4
TOP_STORIES_MAX = 8
LATEST_COUNT = 8
SECTION_BLOCK_SIZE = 4


@dataclass
class BreakingNews:
    text: str
    article: Article | None = None


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article]


@dataclass
class FrontPageContent:
    lead: Article | None
    top_stories: list[Article]
    latest: list[Article]
    section_blocks: list[SectionBlock]
    breaking_news: BreakingNews | None = None

    @property
    def is_empty(self) -> bool:
        return self.lead is None


def front_page_content() -> FrontPageContent:
    """Return the home page's stories (four queries, five when the front page's
    pins aren't in the cache)."""
    front_page = FrontPage.current()
    lead_id = front_page.lead_id if front_page.lead_is_published else None
    pinned = [pk for pk in front_page.top_story_ids if pk != lead_id]
    pinned = pinned[:TOP_STORIES_MAX]

    newest = list(
        Article.objects.published().values_list("pk", "lead_image")[
            : LATEST_COUNT + TOP_STORIES_MIN + 1 + len(pinned)
        ]
    )
    if lead_id is None:
        candidates = [row for row in newest if row[0] not in pinned]
        with_image = [pk for pk, image in candidates if image]
        lead_id = (with_image or [pk for pk, _image in candidates] or [None])[0]
    unpinned = [pk for pk, _image in newest if pk != lead_id and pk not in pinned]
    fill = max(0, TOP_STORIES_MIN - len(pinned))
    top_ids = pinned + unpinned[:fill]
    latest_ids = unpinned[fill : fill + LATEST_COUNT]

    shown = {lead_id, *top_ids, *latest_ids} - {None}
    sections = list(
        Section.objects.top_level().with_latest_article_ids(
            SECTION_BLOCK_SIZE, exclude=shown
        )
    )
    banner = front_page.breaking_news_is_live()
    breaking_id = None
    if banner and front_page.breaking_news_article_is_published:
        breaking_id = front_page.breaking_news_article_id

    ids = shown | {pk for s in sections for pk in s.latest_article_ids}
    if breaking_id:
        ids.add(breaking_id)
    articles = Article.objects.published().for_listing().in_bulk(ids)

    def pick(pks):
        return [articles[pk] for pk in pks if pk in articles]

    lead = articles.get(lead_id)
    top_stories = pick(top_ids)
    section_blocks = [
        SectionBlock(section=section, articles=pick(section.latest_article_ids))
        for section in sections
        if section.latest_article_ids
    ]
    breaking_news = None
    if banner:
        breaking_news = BreakingNews(
            text=front_page.breaking_news, article=articles.get(breaking_id)
        )
    return FrontPageContent(
        lead=lead,
        top_stories=top_stories,
        latest=pick(latest_ids),
        section_blocks=section_blocks,
        breaking_news=breaking_news,
    )
