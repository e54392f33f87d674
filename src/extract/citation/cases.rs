//! Table of real citation strings: what `find` + `resolve` must read from each.
