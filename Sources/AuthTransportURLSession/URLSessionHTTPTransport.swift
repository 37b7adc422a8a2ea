// URLSession adapter for AuthTransport. (Being built; see issue 2.)
