"""The note reviewer and drafts: the friend who reads your thank-you note before you send it."""
