"""The officials' workspace (업무공간) under /manage/: what needs them now, every management
page of their scope, and the officials-and-roles and places pages of administrators."""
