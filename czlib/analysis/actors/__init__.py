"""Actors: people, organisations and places in a text, from rules over a trained entity model."""
