"""The live desk: where editors and byline reporters post a live article's updates.

One admin page per live article with a compact form that posts without reloading
(articles' static js/admin/live_desk.js; an ordinary form post without
JavaScript), the updates posted so far with their edit and delete links, and the
start and end buttons. Every view decides permissions per article, on the server
(articles.live.can_post).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from articles import live
from articles.models import Article, LiveEntry

# Updates listed on the desk (older ones are on the public page).
DESK_ENTRIES = 50


class LiveEntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ("headline", "body", "author", "is_key_event", "is_pinned")

    def __init__(self, *args, user, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.article = article
        if "author" in self.fields:
            authors = live.allowed_authors(user, article)
            field = self.fields["author"]
            field.queryset = field.queryset.filter(pk__in=[a.pk for a in authors])
            field.empty_label = gettext("(no name shown)")
            if authors:
                field.initial = authors[0].pk
        self.fields["body"].required = False  # The service explains an empty one.


class LiveEntryEditForm(LiveEntryForm):
    class Meta(LiveEntryForm.Meta):
        fields = ("headline", "body", "is_key_event", "is_pinned", "correction_note")


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@admin.register(LiveEntry)
class LiveEntryAdmin(admin.ModelAdmin):
    """The live desk's pages, and a read-only list of all updates for superusers.

    Updates are posted, changed and deleted only through the desk's views, which
    record each change in the article's history: no add page, no bulk delete.
    """

    list_display = ("__str__", "article", "created_at", "author", "is_key_event")
    list_select_related = ("article", "author")
    list_filter = ("is_key_event", "is_pinned")
    search_fields = ("headline", "body")
    actions = None

    def has_module_permission(self, request):
        return False

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        # The desk's change and delete pages replace the usual ones (the add
        # page stays, answering 403).
        default = [
            url
            for url in super().get_urls()
            if url.name in ("articles_liveentry_changelist", "articles_liveentry_add")
        ]
        return default + [
            path(
                "desk/<int:article_id>/",
                view(self.desk_view),
                name="articles_liveentry_desk",
            ),
            path(
                "desk/<int:article_id>/coverage/",
                view(self.coverage_view),
                name="articles_liveentry_coverage",
            ),
            path(
                "<int:entry_id>/change/",
                view(self.edit_view),
                name="articles_liveentry_change",
            ),
            path(
                "<int:entry_id>/delete/",
                view(self.delete_view),
                name="articles_liveentry_delete",
            ),
        ]

    # Pages.

    def desk_view(self, request: HttpRequest, article_id: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=article_id)
        if not live.can_post(request.user, article):
            raise PermissionDenied
        form = LiveEntryForm(user=request.user, article=article)
        status = 200
        if request.method == "POST":
            form = LiveEntryForm(request.POST, user=request.user, article=article)
            entry = self._post(request, article, form)
            if entry is not None:
                if wants_json(request):
                    return JsonResponse(
                        {"id": entry.pk, "html": self._row(request, entry)},
                        status=201,
                    )
                messages.success(request, gettext("Update posted."))
                return HttpResponseRedirect(request.path)
            if wants_json(request):
                return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            status = 400
        return self._render_desk(request, article, form, status)

    def _post(self, request, article: Article, form: LiveEntryForm):
        """Post the form's update; None with the form's errors set if refused."""
        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            return live.live_entry_post(
                article=article,
                user=request.user,
                body=data["body"] or "",
                headline=data["headline"],
                author=data["author"],
                is_key_event=data["is_key_event"],
                is_pinned=data["is_pinned"],
            )
        except ValidationError as error:
            _add_field_errors(form, error)
        return None

    def _render_desk(self, request, article, form, status=200) -> HttpResponse:
        entries = article.live_entries.select_related("author")[:DESK_ENTRIES]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Live desk: {headline}").format(headline=article),
            "subtitle": None,
            "opts": Article._meta,
            "original": article,
            "article": article,
            "form": form,
            "media": self.media + form.media,
            "entries": [(entry, self._row(request, entry)) for entry in entries],
            "can_post": live.can_post(request.user, article),
            "can_start": live.can_start(request.user),
            "public_url": article.get_absolute_url() if article.is_published else "",
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/articles/liveentry/desk.html", context, status=status
        )

    def _row(self, request, entry: LiveEntry) -> str:
        return render_to_string(
            "admin/articles/liveentry/entry_row.html", {"entry": entry}, request
        )

    def coverage_view(self, request: HttpRequest, article_id: int) -> HttpResponse:
        """Start or end the coverage (one button each)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=article_id)
        action = request.POST.get("action")
        try:
            if action == "end":
                live.live_coverage_end(article=article, user=request.user)
                messages.success(request, gettext("Live coverage ended."))
            elif action == "start":
                live.live_coverage_start(article=article, user=request.user)
                messages.success(request, gettext("Live coverage started."))
            else:
                messages.error(request, gettext("Use the start or end button."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(
            reverse("admin:articles_liveentry_desk", args=(article.pk,))
        )

    def edit_view(self, request: HttpRequest, entry_id: int) -> HttpResponse:
        entry = self._entry(request, entry_id)
        form = LiveEntryEditForm(
            instance=entry, user=request.user, article=entry.article
        )
        status = 200
        if request.method == "POST":
            form = LiveEntryEditForm(
                request.POST,
                instance=LiveEntry.objects.get(pk=entry.pk),
                user=request.user,
                article=entry.article,
            )
            if form.is_valid():
                data = form.cleaned_data
                try:
                    live.live_entry_edit(
                        entry=entry,
                        user=request.user,
                        body=data["body"] or "",
                        headline=data["headline"],
                        is_key_event=data["is_key_event"],
                        is_pinned=data["is_pinned"],
                        correction_note=data["correction_note"],
                    )
                except ValidationError as error:
                    _add_field_errors(form, error)
                else:
                    messages.success(request, gettext("Update changed."))
                    return self._back_to_desk(entry)
            status = 400
        return self._render_entry_page(request, entry, form, "edit", status)

    def delete_view(self, request: HttpRequest, entry_id: int) -> HttpResponse:
        entry = self._entry(request, entry_id)
        if request.method == "POST":
            live.live_entry_delete(entry=entry, user=request.user)
            messages.success(request, gettext("Update deleted."))
            return self._back_to_desk(entry)
        return self._render_entry_page(request, entry, None, "delete")

    def _entry(self, request, entry_id: int) -> LiveEntry:
        entry = get_object_or_404(
            LiveEntry.objects.select_related("article", "author"), pk=entry_id
        )
        if not live.can_post(request.user, entry.article):
            raise PermissionDenied
        return entry

    def _back_to_desk(self, entry: LiveEntry) -> HttpResponse:
        return HttpResponseRedirect(
            reverse("admin:articles_liveentry_desk", args=(entry.article_id,))
        )

    def _render_entry_page(self, request, entry, form, mode, status=200):
        title = (
            gettext("Change a live update")
            if mode == "edit"
            else gettext("Delete a live update")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": Article._meta,
            "original": entry.article,
            "entry": entry,
            "form": form,
            "mode": mode,
            "media": self.media + (form.media if form else forms.Media()),
            "row": self._row(request, entry),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/articles/liveentry/entry.html", context, status=status
        )


def _add_field_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
