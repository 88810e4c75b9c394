#include "engine/runtime/resources.hpp"

#include <algorithm>

#include "engine/runtime/waker_table.hpp"

namespace ps {

namespace {

void collect_ops(const FutureSpec& spec, FutureKind kind, std::vector<std::string>& out) {
    if (spec.kind == kind) out.push_back(spec.resource);
    for (const auto& c : spec.children) collect_ops(c, kind, out);
}

template <typename T>
T* find_in(const std::map<std::string, std::size_t>& index, std::deque<T>& items, const std::string& name) {
    auto it = index.find(name);
    return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

void Resources::index(const ResourceSpec& r) {
    switch (r.kind) {
        case ResourceKind::Socket:
        case ResourceKind::Listener: break;  // the reactor's
        case ResourceKind::Channel:
        case ResourceKind::Oneshot:
            channel_index_[r.name] = channels_.size();
            channels_.emplace_back(r);
            break;
        case ResourceKind::Mutex:
            mutex_index_[r.name] = mutexes_.size();
            mutexes_.emplace_back(r);
            break;
        case ResourceKind::Notify:
            notify_index_[r.name] = notifies_.size();
            notifies_.emplace_back(r);
            break;
    }
}

void Resources::add(ResourceSpec spec) {
    created_.push_back(std::move(spec));
    index(created_.back());
}

Resources::Resources(const Scenario& scenario) {
    for (const ResourceSpec& r : scenario.resources) index(r);
    // R1: which channels each task body sends on and receives from.
    for (const TaskSpec& t : scenario.tasks) {
        for (FutureKind kind : {FutureKind::Send, FutureKind::Recv}) {
            std::vector<std::string> names;
            collect_ops(t.body, kind, names);
            if (names.empty()) continue;  // most tasks use no channel: no entry for them
            auto& idx = (kind == FutureKind::Send ? sends_of_task_ : recvs_of_task_)[t.name];
            for (const auto& name : names) {
                auto it = channel_index_.find(name);
                if (it != channel_index_.end() && std::find(idx.begin(), idx.end(), it->second) == idx.end())
                    idx.push_back(it->second);
            }
        }
    }
}

Channel* Resources::channel(const std::string& name) {
    return find_in(channel_index_, channels_, name);
}
AsyncMutex* Resources::mutex(const std::string& name) {
    return find_in(mutex_index_, mutexes_, name);
}
NotifyRes* Resources::notify(const std::string& name) {
    return find_in(notify_index_, notifies_, name);
}

std::size_t Resources::mutex_index(const std::string& name) const {
    auto it = mutex_index_.find(name);
    return it == mutex_index_.end() ? 0 : it->second;
}

WaitQueue& Resources::spawn_waiters(const std::string& spec_name) {
    auto& q = spawn_waiters_[spec_name];
    if (!q)
        q = std::make_unique<WaitQueue>(HolderKind::JoinHandle,
                                        "handle waiting for task '" + spec_name + "' to be spawned");
    return *q;
}

void Resources::wake_spawn_waiters(const std::string& spec_name, WakerTable& wakers) {
    auto it = spawn_waiters_.find(spec_name);
    if (it != spawn_waiters_.end()) it->second->wake_all(wakers, "task '" + spec_name + "' was spawned");
}

namespace {

// The channels a task spec sends on or receives from (none for most specs: no entry is made).
const std::vector<std::size_t>& channels_of(const std::map<std::string, std::vector<std::size_t>>& by_spec,
                                            const std::string& spec_name) {
    static const std::vector<std::size_t> none;
    auto it = by_spec.find(spec_name);
    return it == by_spec.end() ? none : it->second;
}

}  // namespace

void Resources::task_started(const std::string& spec_name) {
    for (std::size_t ch : channels_of(sends_of_task_, spec_name)) {
        ++channels_[ch].live_senders;
        channels_[ch].had_senders = true;
    }
    for (std::size_t ch : channels_of(recvs_of_task_, spec_name)) ++channels_[ch].live_receivers;
}

void Resources::close_for_senders(Channel& c, WakerTable& wakers, const std::string& why) {
    if (--c.live_senders == 0 && !c.closed) {  // R2
        c.closed = true;
        const std::string cause = "channel '" + c.spec->name + "' closed: " + why;
        if (!c.oneshot())
            wakers.wake_with(c.rx_waker, HolderKind::Channel, cause);
        else if (!c.oneshot_sent)  // a oneshot Sender dropped unused wakes by reference
            wakers.wake_by_ref_with(c.rx_waker, HolderKind::Channel, cause);
    }
}

void Resources::close_for_receiver(Channel& c, WakerTable& wakers) {
    if (--c.live_receivers == 0 && !c.rx_closed) {  // R3
        c.rx_closed = true;
        // tokio's mpsc Rx::drop leaves its AtomicWaker as it is: the last Sender's drop
        // still wakes that clone (chan.rs, Tx::drop). A oneshot's goes with the receiver.
        if (c.oneshot())
            wakers.drop_with(c.rx_waker, HolderKind::Channel,
                             "the receiver of channel '" + c.spec->name + "' was dropped");
        c.senders.wake_all(wakers, "channel '" + c.spec->name + "' closed: its receiver was dropped");
    }
}

void Resources::task_finished(const std::string& spec_name, WakerTable& wakers) {
    for (std::size_t ch : channels_of(sends_of_task_, spec_name))
        close_for_senders(channels_[ch], wakers, "its last sender finished");
    for (std::size_t ch : channels_of(recvs_of_task_, spec_name)) close_for_receiver(channels_[ch], wakers);
}

void Resources::sender_dropped(const std::string& channel, WakerTable& wakers) {
    if (Channel* c = this->channel(channel)) close_for_senders(*c, wakers, "its last Sender was dropped");
}

void Resources::receiver_dropped(const std::string& channel, WakerTable& wakers) {
    if (Channel* c = this->channel(channel)) close_for_receiver(*c, wakers);
}

void Resources::release_mutex(std::size_t index, std::uint32_t task, const std::string& who,
                              WakerTable& wakers) {
    AsyncMutex& m = mutexes_[index];
    if (m.owner != task) return;
    m.owner = kNone;
    if (!m.waiters.empty())  // R4: the first waiter owns the lock before it is even polled
        m.granted_to = m.waiters.wake_front(wakers, "mutex '" + m.spec->name + "' unlocked by " + who);
}

void Resources::clear_silently() {
    for (auto& c : channels_) {
        c.rx_waker = Waker();
        c.senders.clear_silently();
    }
    for (auto& m : mutexes_) m.waiters.clear_silently();
    for (auto& n : notifies_) n.waiters.clear_silently();
    for (auto& [name, q] : spawn_waiters_) q->clear_silently();
}

}  // namespace ps
