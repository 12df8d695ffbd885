"""The desk: persistence and workflow for cases, customers, escalations and the rest.

Each domain has the same modules (Netflix Dispatch layout): ``models`` (tables),
``schemas`` (pydantic), ``service`` (keyword-only verbs over a session),
``views`` (the API router) and, where several services meet, ``flows``.
"""
