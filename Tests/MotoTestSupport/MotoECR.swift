extension MotoServer {
    /// The private ECR registry host of moto's account in the server's region, for example
    /// `123456789012.dkr.ecr.us-east-1.amazonaws.com`: what a test passes as `--registry` or to
    /// `ECRRegistry`, together with ``endpoint`` as the endpoint override.
    public var ecrRegistryHost: String {
        "\(self.accountID).dkr.ecr.\(self.region).amazonaws.com"
    }

    /// The password moto's ECR `GetAuthorizationToken` issues for its account:
    /// `<account>-auth-token` (the token is base64 of `AWS:<account>-auth-token`). It is what
    /// `aws ecr get-login-password --endpoint-url <moto>` prints, without the newline.
    public var ecrPassword: String {
        "\(self.accountID)-auth-token"
    }
}
