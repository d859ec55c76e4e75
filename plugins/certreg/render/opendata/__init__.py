"""Open data: what is published and how it is described.

`fields` is the one declaration of published fields, `files` writes them, `describe` gives the OpenAPI
document and the Frictionless Data Package.
"""
