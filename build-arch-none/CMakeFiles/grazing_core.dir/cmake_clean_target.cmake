file(REMOVE_RECURSE
  "libgrazing_core.a"
)
