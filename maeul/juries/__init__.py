"""Citizens' juries (주민참여배심원단): recruitment, the lottery, sessions and reviews."""
