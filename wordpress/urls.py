from django.urls import re_path

from wordpress import views

app_name = "wordpress"

# Included last in newsroom/urls.py: the post catch-all must come after every
# other address of the site.
urlpatterns = [
    re_path(r"^archives/(?P<wp_id>\d+)/?$", views.archives, name="archives"),
    re_path(r"^category/(?P<path>.+?)/?$", views.category, name="category"),
    re_path(r"^feed/(?P<kind>rss2?|rdf)/?$", views.feed, name="feed"),
    re_path(r"^comments/feed/?$", views.feed, name="comments-feed"),
    re_path(r"^wp-content/uploads/(?P<path>.+)$", views.upload, name="upload"),
    re_path(r"^(?P<path>[^./][^.]*)$", views.post, name="post"),
]
