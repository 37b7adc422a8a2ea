import AWSCredentialProviders
import Testing
import TestTimeLimits

/// The AWS SDK for Go v2 `internal/ini` rules, case by case (tokenize.go, strings.go, parse.go),
/// and the merge of the config and credentials files (config/shared_config.go).
struct SharedConfigParserTests {
    static func profiles(config: String? = nil, credentials: String? = nil) -> [String: AWSProfile] {
        AWSSharedConfiguration(configFile: config, credentialsFile: credentials).profiles
    }

    @Test func commentsStartWithHashOrSemicolonAfterOptionalIndentation() {
        let profiles = Self.profiles(config: "# top\n  ; indented\n[default]\n\t# tab-indented\nregion = eu-west-1\n")
        #expect(profiles["default"]?.properties == ["region": "eu-west-1"])
    }

    @Test func inlineCommentsOnPropertiesNeedWhitespaceBefore() {
        let profiles = Self.profiles(config: """
            [default]
            sso_start_url = https://d-123456789a.awsapps.com/start#
            a = value # comment
            b = value ; comment
            c = value\t# tab comment
            d = value;no-space
            e = value#no-space
            """)
        let properties = profiles["default"]?.properties ?? [:]
        #expect(properties["sso_start_url"] == "https://d-123456789a.awsapps.com/start#")
        #expect(properties["a"] == "value")
        #expect(properties["b"] == "value")
        #expect(properties["c"] == "value")
        #expect(properties["d"] == "value;no-space")
        #expect(properties["e"] == "value#no-space")
    }

    @Test func sectionLinesLoseEverythingAfterTheFirstHashOrSemicolon() {
        let profiles = Self.profiles(config: "[profile ci]#comment\nregion = a\n[profile cd] ; comment\nregion = b\n")
        #expect(profiles["ci"]?.region == "a")
        #expect(profiles["cd"]?.region == "b")
    }

    @Test func sectionNamesAreTrimmedAndTypeAndNameJoinedByOneSpace() {
        let profiles = Self.profiles(config: "[  profile \t  ci  ]\nregion = a\n")
        #expect(profiles["ci"]?.region == "a")
    }

    @Test func keysAreCaseInsensitiveSectionNamesAreNot() {
        let profiles = Self.profiles(config: "[profile CI]\nRole_ARN = arn:aws:iam::1:role/x\n[profile ci]\nregion = b\n")
        #expect(profiles["CI"]?["role_arn"] == "arn:aws:iam::1:role/x")
        #expect(profiles["ci"]?.region == "b")
        #expect(profiles["CI"]?.region == nil)
    }

    @Test func colonSeparatesWhenItComesFirst() {
        let profiles = Self.profiles(config: "[default]\na: b=c\nd = e:f\n")
        #expect(profiles["default"]?.properties == ["a": "b=c", "d": "e:f"])
    }

    @Test func quotesAndLegacyEscapes() {
        let profiles = Self.profiles(config: #"""
            [default]
            a = "quoted value"
            b = 'single'
            c = ""
            d = say \"hi\" and \'bye\'\nnext
            """#)
        let properties = profiles["default"]?.properties ?? [:]
        #expect(properties["a"] == "quoted value")
        #expect(properties["b"] == "single")
        #expect(properties["c"] == #""""#, "two quote characters are not unquoted (length must exceed 2)")
        #expect(properties["d"] == "say \"hi\" and 'bye'\nnext")
    }

    @Test func subPropertiesFollowAnEmptyValue() {
        let profiles = Self.profiles(config: "[default]\ns3 =\n  max_concurrent_requests = 10\n  Addressing_Style = path # kept\nregion = x\n")
        let profile = profiles["default"]
        #expect(profile?.subProperties["s3"] == ["max_concurrent_requests": "10", "addressing_style": "path # kept"])
        #expect(profile?.properties["s3"] == "")
        #expect(profile?.region == "x")
    }

    @Test func anIndentedAssignmentAfterAFilledValueIsPromotedToAProperty() {
        let profiles = Self.profiles(config: "[default]\nregion = eu-west-1\n  output = json ; comment\n")
        #expect(profiles["default"]?.properties == ["region": "eu-west-1", "output": "json"])
    }

    @Test func continuationLinesAppendWithANewline() {
        let profiles = Self.profiles(config: "[default]\nnote = first\n  second line\n\tthird\n")
        #expect(profiles["default"]?["note"] == "first\nsecond line\nthird")
    }

    @Test func propertiesBeforeAnySectionAndUnrecognizedLinesAreIgnored() {
        let profiles = Self.profiles(config: "region = nowhere\n[default]\njust words\nregion = here\n")
        #expect(profiles["default"]?.properties == ["region": "here"])
    }

    @Test func crlfAndTrailingCarriageReturnsAreTolerated() {
        let profiles = Self.profiles(credentials: "[default]\r\naws_access_key_id = AKID\r\naws_secret_access_key = SECRET\r\n")
        #expect(profiles["default"]?["aws_secret_access_key"] == "SECRET")
    }

    @Test func configFileSectionsNeedTheProfilePrefixExceptDefault() {
        let profiles = Self.profiles(config: "[ci]\nregion = a\n[profile cd]\nregion = b\n[default]\nregion = c\n[sso-session corp]\nsso_region = d\n")
        #expect(profiles.keys.sorted() == ["cd", "default"])
    }

    @Test func credentialsFileSectionsWithTheProfilePrefixAreIgnored() {
        let profiles = Self.profiles(credentials: "[profile ci]\naws_access_key_id = A\n[cd]\naws_access_key_id = B\naws_secret_access_key = S\n")
        #expect(profiles.keys.sorted() == ["cd"])
    }

    @Test func profileDefaultBeatsDefaultInTheConfigFile() {
        let profiles = Self.profiles(config: "[profile default]\nregion = prefixed\n[default]\nregion = bare\n")
        #expect(profiles["default"]?.region == "prefixed")
    }

    @Test func theCredentialsFileWinsAndReplacesKeysAsAGroup() {
        let profiles = Self.profiles(
            config: "[profile ci]\naws_access_key_id = CONFIGKEY\naws_secret_access_key = CONFIGSECRET\naws_session_token = CONFIGTOKEN\nregion = a\nrole_arn = config-role\n",
            credentials: "[ci]\naws_access_key_id = CREDKEY\naws_secret_access_key = CREDSECRET\nregion = b\n")
        let profile = profiles["ci"]
        #expect(profile?["aws_access_key_id"] == "CREDKEY")
        #expect(profile?["aws_secret_access_key"] == "CREDSECRET")
        #expect(profile?["aws_session_token"] == "CONFIGTOKEN", "Go v2 keeps the config file's token when the credentials file has none")
        #expect(profile?.region == "b")
        #expect(profile?["role_arn"] == "config-role")
    }

    @Test func emptyAndMissingFilesHaveNoProfiles() {
        #expect(Self.profiles().isEmpty)
        #expect(Self.profiles(config: "", credentials: "\n\n").isEmpty)
    }

    @Test func hostileInputParsesInLinearTime() {
        let huge = String(repeating: "[profile p]\n" + String(repeating: "k = v # c ; d\n  x = y\n", count: 20), count: 2_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Self.profiles(config: huge) }
        #expect(elapsed < TestTimeLimits.scaled(.seconds(10)), "\(huge.utf8.count) bytes took \(elapsed)")
    }

    @Test func profilesPrintKeysButNotValues() {
        let profile = Self.profiles(credentials: "[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = \(Secrets.secretKey)\n")["ci"]
        for text in printedForms(of: profile as Any) {
            #expect(!text.contains(Secrets.secretKey), "\(text)")
        }
        #expect(profile?.description.contains("aws_secret_access_key") == true)
    }
}
