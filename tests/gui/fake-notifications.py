#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A stand-in for the desktop's notification server (org.gtk.Notifications,
# which GNOME Shell provides and GNotification uses when it is on the bus):
# writes each notification it is given as one JSON line to OUTFILE.
#
#   fake-notifications.py OUTFILE      (prints "ready" once it owns the name)

import json
import sys

from gi.repository import Gio, GLib

XML = '''<node><interface name="org.gtk.Notifications">
  <method name="AddNotification">
    <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/>
  </method>
  <method name="RemoveNotification">
    <arg type="s" direction="in"/><arg type="s" direction="in"/>
  </method>
</interface></node>'''


def main():
    out = sys.argv[1]
    interface = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]

    def call(conn, sender, path, iface, method, params, invocation):
        if method == 'AddNotification':
            app, nid, notification = params.unpack()
            with open(out, 'a') as f:
                f.write(json.dumps({'app': app, 'id': nid, **notification}, ensure_ascii=False) + '\n')
        invocation.return_value(None)

    def bus_acquired(conn, name):
        conn.register_object('/org/gtk/Notifications', interface, call, None, None)

    def name_acquired(conn, name):
        print('ready', flush=True)

    Gio.bus_own_name(Gio.BusType.SESSION, 'org.gtk.Notifications', Gio.BusNameOwnerFlags.NONE,
                     bus_acquired, name_acquired, lambda *a: sys.exit(1))
    GLib.MainLoop().run()


if __name__ == '__main__':
    main()
