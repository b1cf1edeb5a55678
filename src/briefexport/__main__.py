from .startup import script

script()
