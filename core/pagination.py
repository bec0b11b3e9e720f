from collections.abc import Callable

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from pagecache.generations import generation_cached


class LongListPaginator(Paginator):
    """Paginate a long list of articles as fast at page 500 as at page 1.

    The list's length is kept in the shared cache until the site changes (see
    generation_cached), and a page's rows are found by their ids first: the
    OFFSET is walked in an index-only scan of the list's index rather than
    over thousands of full rows read and thrown away. The public ?page=N
    contract is Django's.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count_key: str,
        length: Callable[[], int] | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.length = length or object_list.count

    @cached_property
    def count(self) -> int:
        return generation_cached(f"count:{self.count_key}", self.length)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
