// The GoRegexp module: Go's regexp (RE2) in linear time. (Being built; see issue 4.)
