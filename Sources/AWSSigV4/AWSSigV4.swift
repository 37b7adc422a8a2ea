// AWS Signature Version 4. (Being built; see issue 2.)
