import time
import uuid

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, Report
from comments.policy import CommentPolicy
from core.text import CleanTextFormMixin

FORM_TOKEN_SALT = "comments.form-token"
# Faster than a person can read a form and type, and older than anyone keeps a tab
# open to write one comment: both are refused, and the reader just sends again.
FORM_MIN_SECONDS = 3
FORM_MAX_AGE_SECONDS = 24 * 60 * 60
BIGINT_MAX = 2**63 - 1


def make_form_token(
    *,
    article_id: int,
    issued_at: float | None = None,
    key: uuid.UUID | None = None,
) -> str:
    """Return a signed token: the form's article, issue time and one-time key."""
    payload = {
        "a": article_id,
        "t": int(time.time() if issued_at is None else issued_at),
        "k": (key or uuid.uuid4()).hex,
    }
    return signing.Signer(salt=FORM_TOKEN_SALT).sign_object(payload)


def read_form_token(token: str) -> tuple[int, float, uuid.UUID]:
    """Return the article, issue time and key of a token; BadSignature if forged."""
    try:
        payload = signing.Signer(salt=FORM_TOKEN_SALT).unsign_object(token)
        return int(payload["a"]), float(payload["t"]), uuid.UUID(hex=payload["k"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed comment form token") from error


class CommentForm(CleanTextFormMixin, forms.ModelForm):
    parent = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    notify = forms.BooleanField(
        label=_("Email me when my comment is published"), required=False
    )
    # A trap for robots: hidden from people, who leave it empty.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(
        required=False, max_length=300, widget=forms.HiddenInput
    )

    class Meta:
        model = Comment
        fields = ("name", "email", "body")
        labels = {"body": _("Comment")}
        help_texts = {
            "email": _("Never shown publicly."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    # Set by the view when ?reply_to= names a comment that can't be replied to.
    reply_refused = False

    def __init__(self, *args, article, policy: CommentPolicy | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.policy = policy or CommentPolicy.load()
        self.submission_key: uuid.UUID | None = None
        self._token: str | None = None
        # The model allows a blank email only for anonymised commenters.
        self.fields["email"].required = True
        if self.policy.post_moderation:
            # Comments appear at once: there is no approval to be told about.
            del self.fields["notify"]
        # Setting max_length alone would not replace the validator the field was
        # built with; the model field's limit (checked again by full_clean() in
        # comment_submit) caps the setting.
        max_length = min(
            settings.NEWSROOM_COMMENT_MAX_LENGTH,
            Comment._meta.get_field("body").max_length,
        )
        body = self.fields["body"]
        body.max_length = max_length
        body.validators = [
            validator
            for validator in body.validators
            if not isinstance(validator, MaxLengthValidator)
        ] + [MaxLengthValidator(max_length)]
        body.widget.attrs["maxlength"] = max_length

    @property
    def token(self) -> str:
        """Return the token to render: the posted one while usable, else a new one."""
        if self._token is None:
            posted = self.data.get(self.add_prefix("form_token"), "")
            # Only rendered in pages for one reader (the form page, the answer
            # to a POST): article pages carry no token, so caches can share them.
            self._token = make_form_token(article_id=self.article.pk)
            if self.is_bound and posted and len(posted) <= 300:
                try:
                    article_id, issued_at, _key = read_form_token(posted)
                except signing.BadSignature:
                    pass
                else:
                    if (
                        article_id == self.article.pk
                        and time.time() - issued_at <= FORM_MAX_AGE_SECONDS
                    ):
                        self._token = posted
        return self._token

    def renew_token(self) -> None:
        """Render a new token: the posted one has been used up."""
        self._token = make_form_token(article_id=self.article.pk)

    @property
    def top_errors(self) -> list[str]:
        """Return errors shown above the fields: the form's and the hidden ones'."""
        errors = list(self.non_field_errors())
        for name in ("parent", "website", "form_token"):
            errors.extend(self.errors.get(name, []))
        return errors

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean_email(self):
        return BaseUserManager.normalize_email(self.cleaned_data["email"])

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write a comment."))
        return body

    def clean_parent(self):
        value = self.cleaned_data.get("parent", "").strip()
        if not value:
            return None
        parent = None
        if value.isdigit() and 0 < int(value) <= BIGINT_MAX:
            parent = (
                Comment.objects.approved()
                .filter(pk=int(value), article=self.article, parent__isnull=True)
                .first()
            )
        if parent is None:
            raise forms.ValidationError(
                _("You can only reply to a published comment on this article.")
            )
        return parent

    def clean_website(self):
        if self.cleaned_data["website"].strip():
            raise forms.ValidationError(
                _(
                    "Your comment was not sent because a hidden anti-spam field was "
                    "filled in (sometimes a browser's autofill does this). Please "
                    "send it again."
                ),
                code="honeypot",
            )
        return ""

    def clean_form_token(self):
        token = self.cleaned_data["form_token"]
        try:
            article_id, issued_at, key = read_form_token(token)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form could not be checked. Please send your comment again."),
                code="form_token_invalid",
            ) from None
        if article_id != self.article.pk:
            raise forms.ValidationError(
                _(
                    "This form was opened for another article. Please send your "
                    "comment again from this one."
                ),
                code="form_token_other_article",
            )
        age = time.time() - issued_at
        if age > FORM_MAX_AGE_SECONDS:
            raise forms.ValidationError(
                _(
                    "This page was open for more than a day, so the form has "
                    "expired. Please send your comment again."
                ),
                code="form_token_expired",
            )
        if age < FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "That was very quick! To keep robots out, comments can't be sent "
                    "within seconds of opening the page. Please check yours and "
                    "send it again."
                ),
                code="too_fast",
            )
        self.submission_key = key
        return token

    def clean(self):
        cleaned_data = super().clean()
        if not self.policy.comments_open(self.article):
            message = self.policy.closed_for_the_night(self.article)
            if message:
                # Closed for the night: the text is kept in the form below.
                raise forms.ValidationError(
                    _("%(message)s Your comment is kept below.") % {"message": message}
                )
            raise forms.ValidationError(_("Comments are closed on this article."))
        return cleaned_data

    @property
    def notify_requested(self) -> bool:
        return bool(self.cleaned_data.get("notify"))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
