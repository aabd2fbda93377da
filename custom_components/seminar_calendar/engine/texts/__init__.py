"""Descriptions, abstracts and cards, packed in compressed blocks shared by neighbours."""
