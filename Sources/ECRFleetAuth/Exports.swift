// The umbrella module: `import ECRFleetAuth` brings every module of the package.
@_exported public import AuthTransport
@_exported public import AWSCredentialProviders
@_exported public import AWSSigV4
@_exported public import ECRAuth
@_exported public import GoRegexp
@_exported public import OCIReference
@_exported public import FleetAuth
