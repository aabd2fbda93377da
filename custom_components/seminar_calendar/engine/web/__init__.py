"""HTTP: downloading feeds, finding them on web pages, when to download again, month exports."""
