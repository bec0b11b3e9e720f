from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from comments.models import Comment


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

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

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
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

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write a comment."))
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article, parent__isnull=True)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("You can only reply to a published comment on this article.")
            )
        return parent

    def clean(self):
        cleaned_data = super().clean()
        if not self.article.accepts_comments:
            raise forms.ValidationError(_("Comments are closed on this article."))
        return cleaned_data
