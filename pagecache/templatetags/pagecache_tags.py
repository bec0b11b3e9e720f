"""{% generation_cache %}: a part of a page kept until the site changes.

    {% load pagecache_tags %}
    {% generation_cache "article-main" article.pk %}...{% endgeneration_cache %}

Like Django's {% cache %}, but the part is kept under the site's generation
(pagecache.generations.generation_cached), so it is never shown after a change
that starts a new one, nor past the next scheduled change. What shows only on
one page and changes without a new generation (comments, a live blog's
entries) belongs outside, and so does anything of one reader's own (a form's
token): a kept part is shown to everyone. An empty first argument renders the
part uncached, for what must never be kept (a preview of unpublished text).
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache.generations import generation_cached
from pagecache.store import release

register = template.Library()


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        name = self.name.resolve(context)
        if not name:
            return self.nodelist.render(context)
        vary = [str(expression.resolve(context)) for expression in self.vary_on]
        # Kept per release, as pages are: a new release's markup never sits
        # beside an old release's part.
        key = ":".join(["fragment", str(name), release(), get_language() or "", *vary])
        return mark_safe(generation_cached(key, lambda: self.nodelist.render(context)))


@register.tag
def generation_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a name, then what the part varies on"
        )
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    return GenerationCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )
