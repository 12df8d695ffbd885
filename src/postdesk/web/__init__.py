"""The agents' web pages: server-rendered Jinja2, a little vanilla JS, zh-CN first.

Everything is served from this package (templates, CSS, JS, the message
catalogue), so the desk works on a machine without internet access.
:func:`postdesk.web.pages.mount_web` adds the pages to the API app.
"""
