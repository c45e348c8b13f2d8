//! The EC2 Query protocol's answer side: `<ActionResponse xmlns=...><requestId>..` with
//! lower-camel-case members and lists written as `<nameSet><item>..</item></nameSet>`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::error::Ec2Error;

const XMLNS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

/// Builds one XML answer. Writing into a `Vec` cannot fail, so the writer's results are dropped.
pub struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    /// Opens `<{action}Response>` with its request id; members follow.
    pub fn response(action: &str, request_id: &str) -> Self {
        let mut xml = Self { w: Writer::new(Vec::with_capacity(4096)) };
        let _ = xml.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let root = format!("{action}Response");
        let _ = xml.w.write_event(Event::Start(BytesStart::new(root).with_attributes([("xmlns", XMLNS)])));
        xml.field("requestId", request_id);
        xml
    }

    /// Closes the answer opened by [`Xml::response`].
    pub fn finish(mut self, action: &str) -> Vec<u8> {
        self.end(&format!("{action}Response"));
        self.w.into_inner()
    }

    /// EC2's error document.
    pub fn error(error: &Ec2Error, request_id: &str) -> Vec<u8> {
        let mut xml = Self { w: Writer::new(Vec::with_capacity(256)) };
        let _ = xml.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml.node("Response", |x| {
            x.node("Errors", |x| {
                x.node("Error", |x| {
                    x.field("Code", error.code);
                    x.field("Message", &error.message);
                })
            });
            x.field("RequestID", request_id);
        });
        xml.w.into_inner()
    }

    fn start(&mut self, name: &str) {
        let _ = self.w.write_event(Event::Start(BytesStart::new(name)));
    }

    fn end(&mut self, name: &str) {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }

    /// `<name>value</name>`.
    pub fn field(&mut self, name: &str, value: impl std::fmt::Display) {
        self.start(name);
        let text = value.to_string();
        let _ = self.w.write_event(Event::Text(BytesText::new(&text)));
        self.end(name);
    }

    /// `<name>value</name>` when there is a value.
    pub fn opt(&mut self, name: &str, value: Option<impl std::fmt::Display>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// `<name>...</name>` with members written by `body`.
    pub fn node(&mut self, name: &str, body: impl FnOnce(&mut Self)) {
        self.start(name);
        body(self);
        self.end(name);
    }

    /// `<name><item>...</item>...</name>`, one item per element of `items`.
    pub fn list<T>(&mut self, name: &str, items: impl IntoIterator<Item = T>, mut item: impl FnMut(&mut Self, T)) {
        self.start(name);
        for value in items {
            self.node("item", |x| item(x, value));
        }
        self.end(name);
    }

    /// `<name><member>value</member>...</name>` for a list of scalars (`member` is `item` but for
    /// a few lists of EC2's).
    pub fn values<T: std::fmt::Display>(&mut self, name: &str, member: &str, items: impl IntoIterator<Item = T>) {
        self.start(name);
        for value in items {
            self.field(member, value);
        }
        self.end(name);
    }

    /// `<tagSet>` with `<key>`/`<value>` items.
    pub fn tags(&mut self, tags: &crate::model::Tags) {
        self.list("tagSet", tags.iter(), |x, (k, v)| {
            x.field("key", k);
            x.field("value", v);
        });
    }
}
