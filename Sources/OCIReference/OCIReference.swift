// The OCIReference module: image and chart references and ECR registry hosts. (Being built; see
// issue 3.)
