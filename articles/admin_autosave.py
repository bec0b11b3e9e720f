"""Autosave of the article form: the endpoint, the offer to restore, and clean-up.

The form's script (static/js/admin/article_form.js) posts the form's fields here
while they have unsaved changes. An autosave is per user and per form (an article,
or a new article's form named by a random draft key), never a version of the
article and never seen by readers. Reopening the form offers it back; restoring
renders the form bound to the autosaved data (inlines included) with the edit lock
it was made under, so a save over someone else's later save is still refused.
"""

import re
import uuid

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
)
from django.db import transaction
from django.db.models import Q
from django.forms.utils import ErrorDict, ErrorList
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
    QueryDict,
)
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from taggit.models import Tag

from articles.models import Article, ArticleAutosave, Byline
from articles.services import (
    article_autosave,
    article_autosave_discard,
    article_autosaves_clean,
    autosave_cutoff,
)
from articles.widgets import TagSuggestWidget
from pagecache import invalidation

DRAFT_KEY = re.compile(r"[0-9a-f]{32}")
INLINE_NAME = re.compile(
    r"(bylines|corrections)-"
    r"(TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS|\d{1,4}-[a-z_]+)"
)
# Posted with the form but not part of what it holds.
NOT_KEPT = {"csrfmiddlewaretoken", "lock_token", "workflow_action"}
# The query parameter that reopens a form with its autosave restored.
RESTORE_PARAMETER = "autosave"


def _json_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _signed_out() -> JsonResponse:
    return _json_error(
        401,
        "signed_out",
        gettext(
            "Autosave failed: you are signed out. Copy your text, sign in again "
            "in another tab, then save."
        ),
    )


def _csrf_rejected(request: HttpRequest) -> bool:
    """Run Django's CSRF check (token, origin, referer) without its HTML page."""
    middleware = CsrfViewMiddleware(lambda request: HttpResponse())
    return middleware.process_view(request, _checked_view, (), {}) is not None


def _checked_view(request):
    """Stand for the autosave view in the CSRF check (which never calls it)."""
    return HttpResponse()


def draft_key_of(request: HttpRequest) -> str:
    """Return the new article form's draft key posted with a save, if valid."""
    key = request.POST.get("autosave_key", "")
    return key if DRAFT_KEY.fullmatch(key) else ""


# Text fields whose length is shown as the user types: the recommended length
# (None if only the hard limit matters). Search results show about 60
# characters of a title.
COUNTED_FIELDS = {"headline": None, "seo_headline": 60, "standfirst": None}
SPELLCHECKED_FIELDS = {
    "headline",
    "seo_headline",
    "standfirst",
    "lead_image_caption",
    "lead_image_credit",
    "lead_image_alt",
}
WIDE_FIELDS = {"headline", "seo_headline", "lead_image_caption", "lead_image_alt"}
TAG_SUGGESTIONS = 10


class ArticleAutosaveAdminMixin:
    """The writing desk for ArticleAdmin: autosave (URLs, restoring into the form,
    clean-up on save) and the fields' helpers (counters, spellcheck, tag
    suggestions, the reporter's own byline)."""

    def get_urls(self):
        endpoint = csrf_exempt(never_cache(self.autosave_view))
        return [
            path("autosave/", endpoint, name="articles_article_autosave_new"),
            path(
                "preview-unsaved/",
                self.admin_site.admin_view(self.unsaved_preview_view),
                name="articles_article_preview_unsaved",
            ),
            path(
                "tags/suggest/",
                self.admin_site.admin_view(self.tag_suggest_view),
                name="articles_article_tag_suggest",
            ),
            path(
                "<path:object_id>/autosave/",
                endpoint,
                name="articles_article_autosave",
            ),
        ] + super().get_urls()

    @property
    def media(self):
        return super().media + forms.Media(
            js=[
                "js/admin/article_form.js",
                "js/admin/article_fields.js",
                "js/admin/body_media.js",
            ],
            css={"all": ["css/admin/article_form.css"]},
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        attrs = formfield.widget.attrs
        if db_field.name in SPELLCHECKED_FIELDS:
            attrs["spellcheck"] = "true"
        if db_field.name in WIDE_FIELDS:
            attrs["class"] = f"{attrs.get('class', '')} article-form__wide".strip()
        if db_field.name in COUNTED_FIELDS:
            attrs["data-count-characters"] = "true"
            if COUNTED_FIELDS[db_field.name]:
                attrs["data-recommended"] = str(COUNTED_FIELDS[db_field.name])
        if db_field.name == "tags":
            formfield.help_text = gettext(
                "Type to see existing tags; press Enter or comma to add one (a new "
                "tag is created if none matches)."
            )
        return formfield

    def tag_suggest_view(self, request: HttpRequest) -> JsonResponse:
        """Return existing tags whose names contain the typed text, best first."""
        may_tag = self.has_add_permission(request) or self.has_change_permission(
            request
        )
        if not may_tag:
            return _json_error(403, "permission", gettext("You can't tag articles."))
        typed = request.GET.get("q", "").strip()[:100]
        if not typed:
            return JsonResponse({"tags": []})
        tags = (
            Tag.objects.filter(name__icontains=typed)
            .annotate(starts=Q(name__istartswith=typed))
            .order_by("-starts", "name")
            .values_list("name", flat=True)[:TAG_SUGGESTIONS]
        )
        return JsonResponse({"tags": list(tags)})

    def unsaved_preview_view(self, request: HttpRequest) -> HttpResponse:
        """Preview a new article from its form, before its first save.

        The article is saved inside a transaction that is rolled back once its
        page is rendered, so nothing stays (the page cache included); an image
        chosen but not uploaded yet is not shown.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form_class = self.get_form(request, None, change=False)
        form = form_class(request.POST, instance=Article())
        authors = self._byline_authors(request.POST)
        if not form.is_valid() or not authors:
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Not ready to preview yet"),
                "opts": self.model._meta,
                "errors": form.errors,
                "needs_author": not authors,
            }
            return TemplateResponse(
                request,
                "admin/articles/article/preview_unsaved.html",
                context,
                status=400,
            )
        with invalidation.discarded(), transaction.atomic():
            article = form.save(commit=False)
            article.status = Article.Status.DRAFT
            article.published_at = None
            article.created_by = request.user
            article.save()
            form.save_m2m()
            Byline.objects.bulk_create(
                Byline(article=article, author=author, position=position)
                for position, author in enumerate(authors)
            )
            # The preview answers as the article page would to a reader's GET.
            method, request.method = request.method, "GET"
            try:
                response = self.preview_view(request, str(article.pk))
            finally:
                request.method = method
            transaction.set_rollback(True)
        return response

    @staticmethod
    def _byline_authors(post: QueryDict) -> list:
        rows = []
        for name, value in post.items():
            match = re.fullmatch(r"bylines-(\d{1,4})-author", name)
            if not match or not value.isdigit():
                continue
            prefix = f"bylines-{match[1]}"
            if post.get(f"{prefix}-DELETE"):
                continue
            position = post.get(f"{prefix}-position", "")
            rows.append(
                (int(position) if position.isdigit() else 0, int(match[1]), value)
            )
        ids = [int(value) for _position, _index, value in sorted(rows)]
        author_model = Byline._meta.get_field("author").related_model
        found = author_model.objects.in_bulk(ids)
        return list(dict.fromkeys(found[pk] for pk in ids if pk in found))

    def kept_field_names(self) -> set[str]:
        return set(self.form.base_fields) - NOT_KEPT

    def _kept(self, post: QueryDict) -> dict[str, list[str]]:
        names = self.kept_field_names()
        kept = {}
        for name, values in post.lists():
            field = name.removesuffix("_0").removesuffix("_1")
            if field in names or INLINE_NAME.fullmatch(name):
                kept[name] = values
        return kept

    # The endpoint.

    def autosave_view(self, request: HttpRequest, object_id: str | None = None):
        """Store (or, with autosave_discard, delete) the user's autosave of a form."""
        if request.method != "POST":
            return _json_error(
                405, "method", gettext("Autosave failed: send the form with POST.")
            )
        user = request.user
        if not (user.is_active and user.is_staff):
            return _signed_out()
        if _csrf_rejected(request):
            return _json_error(
                403,
                "csrf",
                gettext(
                    "Autosave failed: this page's security token has expired or is "
                    "missing. Copy your text, reload the page, then paste it back."
                ),
            )
        too_big = _json_error(
            413,
            "too_large",
            gettext(
                "Autosave failed: the article is too long to autosave. Save it "
                "with the button below instead."
            ),
        )
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > settings.NEWSROOM_AUTOSAVE_MAX_BYTES:
            return too_big
        try:
            post = request.POST
        except RequestDataTooBig:
            return too_big
        except TooManyFieldsSent:
            return _json_error(
                400, "too_many_fields", gettext("Autosave failed: too many fields.")
            )
        # The article's row stays locked until the autosave is stored, so a save
        # of the article can't slip between the lock check and the write. No
        # savepoint: nothing here needs to roll back on its own.
        with transaction.atomic(savepoint=False):
            return self._autosave(request, post, object_id)

    def _autosave(self, request: HttpRequest, post: QueryDict, object_id):
        user = request.user
        article = None
        draft_key = ""
        if object_id is not None:
            try:
                article = (
                    Article.objects.select_for_update(of=("self",))
                    .only("pk", "status", "created_by", "updated_at")
                    .with_byline_user_ids()
                    .get(pk=int(unquote(object_id)))
                )
            except (Article.DoesNotExist, ValueError):
                return _json_error(
                    404,
                    "not_found",
                    gettext(
                        "Autosave failed: this article no longer exists. Copy your "
                        "text before leaving the page."
                    ),
                )
            if not self.has_change_permission(request, article):
                return _json_error(
                    403,
                    "permission",
                    gettext(
                        "Autosave failed: you can't edit this article (it may have "
                        "been published). Copy your text before leaving the page."
                    ),
                )
        else:
            if not self.has_add_permission(request):
                return _json_error(
                    403,
                    "permission",
                    gettext("Autosave failed: you can't write articles."),
                )
            draft_key = draft_key_of(request)
            if not draft_key:
                return _json_error(
                    400,
                    "draft_key",
                    gettext(
                        "Autosave failed: the form has no draft key. Reload the "
                        "page after copying your text."
                    ),
                )
        if "autosave_discard" in post:
            discarded = post["autosave_discard"]
            article_autosave_discard(
                user=user,
                article=article,
                draft_key=discarded if DRAFT_KEY.fullmatch(discarded) else draft_key,
            )
            if request.headers.get("Accept", "").startswith("application/json"):
                return JsonResponse({"discarded": True})
            return redirect(
                reverse("admin:articles_article_change", args=(article.pk,))
                if article is not None
                else reverse("admin:articles_article_add")
            )
        token = post.get("lock_token", "")
        if article is not None and token != _lock_token(article):
            return _json_error(
                409,
                "stale",
                gettext(
                    "Not autosaved: someone else saved this article after you "
                    "opened it. Your text is still in the form: save it to see "
                    "their changes beside yours."
                ),
            )
        autosave = article_autosave(
            user=user,
            article=article,
            draft_key=draft_key,
            data=self._kept(post),
            lock_token=token,
        )
        local = timezone.localtime(autosave.saved_at)
        return JsonResponse(
            {
                "saved_at": local.isoformat(),
                "message": gettext("Autosaved at {time}").format(
                    time=time_format(local, "H:i")
                ),
            }
        )

    # Offering and restoring.

    def _autosave_of(self, request: HttpRequest, article: Article | None):
        """Return the user's autosave to offer in the form, if any."""
        autosaves = ArticleAutosave.objects.filter(
            user=request.user, saved_at__gte=autosave_cutoff()
        )
        if article is not None:
            return autosaves.filter(key=ArticleAutosave.key_for(article)).first()
        wanted = request.GET.get(RESTORE_PARAMETER, "")
        if DRAFT_KEY.fullmatch(wanted):
            return autosaves.filter(key=ArticleAutosave.key_for(None, wanted)).first()
        return (
            autosaves.filter(article__isnull=True).order_by("-saved_at", "-pk").first()
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request._autosave_restore = None
        if request.method == "GET" and RESTORE_PARAMETER in request.GET:
            article = (
                self.get_object(request, unquote(object_id)) if object_id else None
            )
            if object_id is None or (
                article is not None and self.has_change_permission(request, article)
            ):
                request._autosave_restore = self._autosave_of(request, article)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        autosave = getattr(request, "_autosave_restore", None)
        if autosave is None:
            return form
        data = _query_dict(autosave.data)
        data["lock_token"] = autosave.lock_token

        class RestoredForm(form):
            def __init__(self, *args, **kwargs):
                if not args and "data" not in kwargs:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)
                # Show what was typed, not why it couldn't be saved yet.
                self._errors = ErrorDict()
                self.cleaned_data = {}

        RestoredForm.__name__ = form.__name__
        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        autosave = getattr(request, "_autosave_restore", None)
        if (
            autosave is not None
            and request.method != "POST"
            and f"{prefix}-TOTAL_FORMS" in autosave.data
        ):
            kwargs["data"] = _query_dict(autosave.data)
        elif (
            request.method != "POST"
            and (obj is None or obj.pk is None)
            and inline.model is Byline
            and "initial" not in kwargs
        ):
            author = _own_author(request.user)
            if author is not None:
                kwargs["initial"] = [{"author": author.pk}]
        return kwargs

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        if getattr(request, "_autosave_restore", None) is not None:
            for formset in formsets:
                if formset.is_bound:
                    _hide_errors(formset)
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        article = context.get("original") if change else None
        restored = getattr(request, "_autosave_restore", None)
        # Offered when the form opens; a form sent back with errors holds newer text.
        offer = (
            self._autosave_of(request, article)
            if restored is None
            and request.method == "GET"
            and (article is None or self.has_change_permission(request, article))
            else None
        )
        if restored is not None:
            draft_key = restored.key.removeprefix("new-") if add else ""
        else:
            draft_key = draft_key_of(request) if add else ""
            draft_key = draft_key or (uuid.uuid4().hex if add else "")
        form_url = request.path
        context.update(
            {
                "autosave_url": reverse(
                    "admin:articles_article_autosave", args=(article.pk,)
                )
                if article is not None
                else reverse("admin:articles_article_autosave_new"),
                "autosave_seconds": settings.NEWSROOM_AUTOSAVE_SECONDS,
                "unsaved_preview_url": reverse("admin:articles_article_preview_unsaved")
                if add
                else "",
                "autosave_key": draft_key,
                "autosave_offer": offer,
                "autosave_offer_stale": offer is not None
                and article is not None
                and offer.lock_token != _lock_token(article),
                "autosave_restore_url": (
                    f"{form_url}?{RESTORE_PARAMETER}="
                    f"{offer.key.removeprefix('new-') if add else 'restore'}"
                )
                if offer is not None
                else "",
                "autosave_offer_key": offer.key.removeprefix("new-")
                if offer is not None and add
                else "1",
                "autosave_offer_time": _when(offer.saved_at) if offer else "",
                "autosave_restored": restored,
                "autosave_restored_time": _when(restored.saved_at) if restored else "",
            }
        )
        return super().render_change_form(request, context, add, change, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_autosaves_clean(
            user=request.user, article=form.instance, draft_key=draft_key_of(request)
        )


def _query_dict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def _hide_errors(formset) -> None:
    formset._errors = [ErrorDict() for _form in formset.forms]
    formset._non_form_errors = ErrorList()
    for inline_form in formset.forms:
        inline_form._errors = ErrorDict()
        inline_form.cleaned_data = {}


def _when(moment) -> str:
    """Return "10:42" for today, else "3 December 2026, 10:42"."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return time_format(local, "H:i")
    return date_format(local, "j F Y, H:i")


def _lock_token(article: Article) -> str:
    """Return the article's edit lock, as articles.admin.lock_token gives the form."""
    return article.updated_at.isoformat() if article.updated_at else ""


def _own_author(user):
    """Return the author the user writes as, if any."""
    author_model = Byline._meta.get_field("author").related_model
    return author_model.objects.filter(user=user).order_by("pk").first()
