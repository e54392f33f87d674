//! Answers written by blocking code and streamed to the client in chunks, so
//! a large answer (a CSV of every task, an export of every record) never sits
//! whole in memory.

use std::io::{self, Write};

use axum::body::{Body, Bytes};
use tokio::sync::mpsc;

/// Bytes per chunk sent to the client.
const CHUNK: usize = 64 * 1024;
/// Chunks buffered between the writer and the client: a slow client holds
/// the writer back instead of letting the answer pile up in memory.
const QUEUE: usize = 4;

/// A `Write` that sends what it is given to the response body. Writing fails
/// with `BrokenPipe` once the client has gone.
pub struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// A body produced by `produce` on the blocking pool. If `produce` fails
/// midway (the server's fault; the status line is already sent), the error is
/// logged and the body ends with an error, so the client sees a cut answer,
/// never a silently short one.
pub fn body<F, E>(produce: F) -> Body
where
    F: FnOnce(&mut ChannelWriter) -> Result<(), E> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Result<Bytes, io::Error>>(QUEUE);
    tokio::task::spawn_blocking(move || {
        let mut w = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let result = produce(&mut w).map_err(|e| e.to_string());
        let result = result.and_then(|()| w.flush().map_err(|e| e.to_string()));
        if let Err(e) = result {
            if tx.is_closed() {
                tracing::debug!("streamed answer stopped: the client went away");
            } else {
                tracing::error!(error = %e, "streamed answer failed midway");
                let _ = tx.blocking_send(Err(io::Error::other(e)));
            }
        }
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }))
}
