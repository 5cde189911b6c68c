//! The closed vocabularies of record v1: error signals, cause categories and statuses,
//! surfaces. Lexicon files name their values with the same strings the records use.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary: an enum whose values serialise as fixed snake_case strings.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in records and lexicons.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the string written in records and lexicons.
            pub fn from_name(name: &str) -> Option<$name> {
                match name { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What users saw go wrong, beyond HTTP status codes.
    ErrorSignal {
        /// A high error rate is reported.
        ElevatedErrorRate => "elevated_error_rate",
        /// Users cannot reach or open the service.
        AccessFailure => "access_failure",
        /// Users cannot log in.
        LoginFailure => "login_failure",
        /// Connection errors.
        ConnectionError => "connection_error",
        /// Requests time out.
        Timeout => "timeout",
        /// The service is slow.
        SlowResponse => "slow_response",
        /// The service does not answer.
        NoResponse => "no_response",
        /// Pages, feeds or content fail to load.
        ContentLoadFailure => "content_load_failure",
        /// Messages cannot be sent.
        MessageSendFailure => "message_send_failure",
        /// Messages arrive late.
        MessageDelay => "message_delay",
        /// Uploads fail.
        UploadFailure => "upload_failure",
        /// Calls fail.
        CallFailure => "call_failure",
        /// Playback fails.
        PlaybackFailure => "playback_failure",
        /// The problem comes and goes.
        Intermittent => "intermittent",
        /// A 5xx class error with no exact code.
        ServerError => "server_error",
        /// The app crashes.
        AppCrash => "app_crash",
        /// Devices restart in a loop.
        BootLoop => "boot_loop",
        /// Data was lost.
        DataLoss => "data_loss",
    }
}

vocabulary! {
    /// Why the outage happened.
    CauseCategory {
        /// More traffic than the service could take.
        TrafficSurge => "traffic_surge",
        /// A bug, a faulty update or deployment.
        SoftwareBug => "software_bug",
        /// A configuration change or error.
        ConfigurationError => "configuration_error",
        /// Planned or emergency maintenance.
        Maintenance => "maintenance",
        /// A provider or supplier failed (CDN, cloud, vendor).
        ThirdParty => "third_party",
        /// Servers, data centres, storage, hardware.
        Infrastructure => "infrastructure",
        /// Power loss.
        Power => "power",
        /// Network, DNS, routing, cables.
        Network => "network",
        /// A product launch or new feature.
        ProductLaunch => "product_launch",
        /// DDoS or another attack.
        Cyberattack => "cyberattack",
        /// Any other named cause.
        Other => "other",
    }
}

vocabulary! {
    /// How firmly a cause is attributed.
    CauseStatus {
        /// The company or an official source attributes it.
        Confirmed => "confirmed",
        /// Speculation or hypothesis.
        Suspected => "suspected",
        /// Explicitly excluded.
        RuledOut => "ruled_out",
    }
}

vocabulary! {
    /// Where users met the failure.
    Surface {
        /// Websites and web apps.
        Web => "web",
        /// Mobile apps.
        Mobile => "mobile",
        /// Desktop apps.
        Desktop => "desktop",
        /// Programmatic APIs.
        Api => "api",
        /// IDE plug-ins, CLIs, SDKs, coding assistants, cloud management consoles.
        DeveloperTools => "developer_tools",
        /// Game consoles (PS5, Xbox Series X, Nintendo Switch).
        Console => "console",
    }
}
